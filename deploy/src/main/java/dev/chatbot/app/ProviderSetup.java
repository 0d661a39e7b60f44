package dev.chatbot.app;

import dev.chatbot.core.llm.LlmProvider;
import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.llm.ModelInfo;
import dev.chatbot.core.llm.ProviderRegistry;
import dev.chatbot.core.llm.anthropic.AnthropicConfig;
import dev.chatbot.core.llm.anthropic.AnthropicProvider;
import dev.chatbot.core.llm.gemini.GeminiConfig;
import dev.chatbot.core.llm.gemini.GeminiProvider;
import dev.chatbot.core.llm.openai.OpenAiCompatibleConfig;
import dev.chatbot.core.llm.openai.OpenAiCompatibleProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns provider and model specs into the providers the engine calls and the catalog users choose
 * from. Every rule about which models are offered lives here, as the README tells it: configured
 * models first, then Azure deployments, then the built-in list of each vendor; ids unique across
 * providers; BOT_DEFAULT_MODEL picks the default, and one not in the catalog goes to the first
 * provider.
 */
final class ProviderSetup {

    private static final Logger log = LoggerFactory.getLogger(ProviderSetup.class);

    static final int UNKNOWN_CONTEXT = 32_768;
    static final String FALLBACK_MODEL = "gpt-4o-mini";
    static final String AZURE_API_VERSION = "2024-10-21";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    enum Type {
        OPENAI, AZURE, ANTHROPIC, GEMINI;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Type parse(String type, String provider) {
            if (type != null) {
                for (Type t : values()) {
                    if (t.key().equalsIgnoreCase(type.strip())) {
                        return t;
                    }
                }
            }
            throw new BotConfigException("Provider " + (provider == null ? "" : "'" + provider + "' ")
                    + "needs a type: openai, azure, anthropic or gemini (got " + type + ")");
        }
    }

    /** What came out: the providers by name, the models in the order users see them, and the default. */
    record Result(List<LlmProvider> providers, List<ModelInfo> models, String defaultModel, String defaultProvider) {

        ProviderRegistry registry() {
            return new ProviderRegistry(providers);
        }

        ModelCatalog catalog() {
            return new ModelCatalog(models, defaultModel, defaultProvider);
        }
    }

    private record Endpoint(String name, Type type, ProviderSpec spec, boolean builtins) {
    }

    private final Map<String, List<ModelSpec>> builtins;
    private final JsonMapper json;

    /** @param builtins the app's model list per vendor (openai, anthropic, gemini) */
    ProviderSetup(Map<String, List<ModelSpec>> builtins, JsonMapper json) {
        this.builtins = builtins;
        this.json = json;
    }

    /** The providers the conventional environment variables configure, in a fixed order. */
    static List<ProviderSpec> fromEnvironment(OpenAiProperties openAi, AzureOpenAiProperties azure,
                                              AnthropicProperties anthropic, GeminiProperties gemini) {
        List<ProviderSpec> specs = new ArrayList<>();
        boolean customOpenAiUrl = !isBlank(openAi.baseUrl()) && !isOfficialOpenAi(openAi.baseUrl());
        // a local Ollama or vLLM needs no key, only its URL
        if (!isBlank(openAi.apiKey()) || customOpenAiUrl) {
            specs.add(new ProviderSpec("openai", "openai", openAi.baseUrl(), openAi.apiKey(), null,
                    openAi.streamOptions(), null, null, null, null));
        }
        if (!isBlank(azure.endpoint()) || !isBlank(azure.apiKey())) {
            if (isBlank(azure.endpoint()) || isBlank(azure.apiKey())) {
                throw new BotConfigException("Azure OpenAI needs both AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_API_KEY");
            }
            specs.add(new ProviderSpec("azure", "azure", azure.endpoint(), azure.apiKey(), null, null,
                    azure.apiVersion(), azure.deployments(), null, null));
        }
        if (!isBlank(anthropic.apiKey())) {
            specs.add(new ProviderSpec("anthropic", "anthropic", anthropic.baseUrl(), anthropic.apiKey(), null, null,
                    null, null, null, null));
        }
        if (!isBlank(gemini.apiKey())) {
            specs.add(new ProviderSpec("gemini", "gemini", gemini.baseUrl(), gemini.apiKey(), null, null,
                    null, null, null, null));
        }
        return specs;
    }

    Result build(List<ProviderSpec> providerSpecs, List<ModelSpec> modelSpecs, String defaultModel) {
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        List<LlmProvider> providers = new ArrayList<>();
        for (ProviderSpec spec : providerSpecs) {
            Endpoint endpoint = endpoint(spec);
            if (endpoints.containsKey(endpoint.name())) {
                throw new BotConfigException("Two providers are named '" + endpoint.name() + "' (from the environment "
                        + "variables or BOT_CONFIG); give one of them another name");
            }
            endpoints.put(endpoint.name(), endpoint);
            providers.add(provider(endpoint));
        }

        Map<String, List<ModelInfo>> byProvider = new LinkedHashMap<>();
        endpoints.keySet().forEach(name -> byProvider.put(name, new ArrayList<>()));
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < modelSpecs.size(); i++) {
            configured(modelSpecs.get(i), i, endpoints).ifPresent(m -> add(m, byProvider, taken, true));
        }
        for (Endpoint e : endpoints.values()) {
            if (e.type() == Type.AZURE) {
                for (ModelInfo m : deployments(e)) {
                    add(m, byProvider, taken, true);
                }
            }
        }
        Set<Type> served = new HashSet<>();
        for (Endpoint e : endpoints.values()) {
            if (e.builtins() && served.add(e.type())) {
                for (ModelSpec b : builtins.getOrDefault(e.type().key(), List.of())) {
                    add(model(b, b.id(), e.name(), b.id()), byProvider, taken, false);
                }
            }
        }

        String chosenDefault;
        String defaultProvider;
        List<ModelInfo> all = flatten(byProvider);
        String firstProvider = endpoints.isEmpty() ? "openai" : endpoints.keySet().iterator().next();
        if (!isBlank(defaultModel)) {
            Optional<ModelInfo> known = all.stream().filter(m -> m.id().equalsIgnoreCase(defaultModel.strip())).findFirst();
            if (known.isPresent()) {
                chosenDefault = known.get().id();
                defaultProvider = known.get().provider();
            } else {
                ModelInfo routed = unlisted(defaultModel.strip(), endpoints, firstProvider);
                if (byProvider.containsKey(routed.provider())) {
                    byProvider.get(routed.provider()).addFirst(routed);
                    log.info("BOT_DEFAULT_MODEL {} is not in the model list; it goes to provider {} as {}",
                            routed.id(), routed.provider(), routed.upstreamName());
                }
                chosenDefault = routed.id();
                defaultProvider = routed.provider();
            }
        } else {
            // the first provider's first model; a relay with no models listed gets the app's old default
            List<ModelInfo> ofFirst = byProvider.getOrDefault(firstProvider, List.of());
            ModelInfo first = ofFirst.isEmpty() ? null : ofFirst.getFirst();
            if (first == null) {
                // a relay's window and prices are unknown, but the model sees pictures wherever it is served
                boolean sees = builtin(FALLBACK_MODEL).map(ModelSpec::vision).orElse(false);
                first = new ModelInfo(FALLBACK_MODEL, firstProvider, FALLBACK_MODEL, UNKNOWN_CONTEXT, 0, 0, 0, sees,
                        ModelInfo.Access.EVERYONE, Set.of());
                if (byProvider.containsKey(firstProvider)) {
                    byProvider.get(firstProvider).add(first);
                }
            }
            chosenDefault = first.id();
            defaultProvider = first.provider();
        }
        Result result = new Result(List.copyOf(providers), flatten(byProvider), chosenDefault, defaultProvider);
        describe(result, endpoints);
        return result;
    }

    private Endpoint endpoint(ProviderSpec spec) {
        Type type = Type.parse(spec.type(), spec.name());
        String name = isBlank(spec.name()) ? type.key() : spec.name().strip();
        if (!NAME.matcher(name).matches()) {
            throw new BotConfigException("Provider name '" + name + "' may hold only letters, digits, '-', '_' and '.'");
        }
        switch (type) {
            case AZURE -> {
                require(spec.baseUrl(), name, "base-url (the Azure resource endpoint, e.g. https://NAME.openai.azure.com)");
                require(spec.apiKey(), name, "api-key");
            }
            case ANTHROPIC, GEMINI -> {
                require(spec.apiKey(), name, "api-key");
                if (!spec.headers().isEmpty()) {
                    throw new BotConfigException("Provider '" + name + "': headers are for openai and azure providers only");
                }
            }
            case OPENAI -> {
                if (isBlank(spec.baseUrl()) && isBlank(spec.apiKey())) {
                    throw new BotConfigException("Provider '" + name + "' needs a base-url or an api-key");
                }
            }
        }
        if (!isBlank(spec.deployments()) && type != Type.AZURE) {
            throw new BotConfigException("Provider '" + name + "': deployments are for azure providers only");
        }
        boolean builtins = spec.builtinModels() != null ? spec.builtinModels()
                : switch (type) {
                    case OPENAI -> isBlank(spec.baseUrl()) || isOfficialOpenAi(spec.baseUrl());
                    case AZURE -> false;
                    case ANTHROPIC, GEMINI -> true;
                };
        return new Endpoint(name, type, spec, builtins);
    }

    private LlmProvider provider(Endpoint e) {
        ProviderSpec s = e.spec();
        return switch (e.type()) {
            case OPENAI -> {
                String base = isBlank(s.baseUrl()) ? OpenAiProperties.OFFICIAL : s.baseUrl().strip();
                yield new OpenAiCompatibleProvider(new OpenAiCompatibleConfig(e.name(), url(base, e.name()), s.apiKey(),
                        s.headers(), Map.of(), s.streamOptions() == null || s.streamOptions(), s.connectTimeout(), false,
                        isOfficialOpenAi(base) ? OpenAiCompatibleConfig.MAX_COMPLETION_TOKENS
                                : OpenAiCompatibleConfig.MAX_TOKENS), json);
            }
            case AZURE -> {
                Map<String, String> headers = new HashMap<>(s.headers());
                headers.put("api-key", s.apiKey());
                yield new OpenAiCompatibleProvider(new OpenAiCompatibleConfig(e.name(), url(s.baseUrl().strip(), e.name()),
                        null, headers, Map.of("api-version", isBlank(s.apiVersion()) ? AZURE_API_VERSION : s.apiVersion().strip()),
                        s.streamOptions() == null || s.streamOptions(), s.connectTimeout(), true,
                        OpenAiCompatibleConfig.MAX_TOKENS), json);
            }
            case ANTHROPIC -> new AnthropicProvider(new AnthropicConfig(e.name(),
                    isBlank(s.baseUrl()) ? null : url(s.baseUrl().strip(), e.name()), s.apiKey(), null, 0,
                    s.connectTimeout()), json);
            case GEMINI -> new GeminiProvider(new GeminiConfig(e.name(),
                    isBlank(s.baseUrl()) ? null : url(s.baseUrl().strip(), e.name()), s.apiKey(), s.apiVersion(),
                    s.connectTimeout()), json);
        };
    }

    private Optional<ModelInfo> configured(ModelSpec spec, int index, Map<String, Endpoint> endpoints) {
        if (isBlank(spec.id())) {
            throw new BotConfigException("models[" + index + "] needs an id");
        }
        String id = spec.id().strip();
        String provider = spec.provider();
        if (isBlank(provider)) {
            provider = prefixProvider(id, endpoints).orElse(endpoints.isEmpty() ? null : endpoints.keySet().iterator().next());
        }
        if (provider == null || !endpoints.containsKey(provider.strip())) {
            log.warn("Model {} is not offered: its provider {} is not configured", id, provider);
            return Optional.empty();
        }
        provider = provider.strip();
        String upstream = !isBlank(spec.upstream()) ? spec.upstream().strip()
                : id.startsWith(provider + "/") ? id.substring(provider.length() + 1) : id;
        return Optional.of(model(spec, id, provider, upstream));
    }

    private List<ModelInfo> deployments(Endpoint e) {
        List<ModelInfo> models = new ArrayList<>();
        String list = e.spec().deployments();
        if (isBlank(list)) {
            log.warn("Azure provider {} has no deployments: set AZURE_OPENAI_DEPLOYMENTS (model=deployment,...)", e.name());
            return models;
        }
        for (String pair : list.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String model = (eq < 0 ? pair : pair.substring(0, eq)).strip();
            String deployment = (eq < 0 ? pair : pair.substring(eq + 1)).strip();
            if (model.isEmpty() || deployment.isEmpty()) {
                throw new BotConfigException("Azure deployments of '" + e.name() + "' read 'model=deployment,...'; '"
                        + pair.strip() + "' is not that");
            }
            ModelSpec known = builtin(model).or(() -> builtin(deployment)).orElse(null);
            models.add(model(known == null ? new ModelSpec(model, null, null, null, null, null, null, null, null, null, null)
                    : known, model, e.name(), deployment));
        }
        return models;
    }

    /** A model named only by id, e.g. BOT_DEFAULT_MODEL: its prefix's provider, else the first one. */
    private ModelInfo unlisted(String id, Map<String, Endpoint> endpoints, String firstProvider) {
        Optional<String> prefixed = prefixProvider(id, endpoints);
        String provider = prefixed.orElse(firstProvider);
        String upstream = prefixed.isPresent() ? id.substring(provider.length() + 1) : id;
        ModelSpec known = builtin(upstream).orElse(new ModelSpec(id, null, null, null, null, null, null, null, null, null, null));
        return model(known, id, provider, upstream);
    }

    private static Optional<String> prefixProvider(String id, Map<String, Endpoint> endpoints) {
        int slash = id.indexOf('/');
        return slash > 0 && endpoints.containsKey(id.substring(0, slash)) ? Optional.of(id.substring(0, slash))
                : Optional.empty();
    }

    private Optional<ModelSpec> builtin(String id) {
        return builtins.values().stream().flatMap(List::stream).filter(b -> b.id().equalsIgnoreCase(id)).findFirst();
    }

    /**
     * A ModelInfo from a spec; what the spec leaves out comes from the built-in entry of the same
     * model, found by upstream name, id, or the upstream name's last part ("openai/gpt-4o").
     */
    private ModelInfo model(ModelSpec spec, String id, String provider, String upstream) {
        ModelSpec base = builtin(upstream).or(() -> builtin(id))
                .or(() -> builtin(upstream.substring(upstream.lastIndexOf('/') + 1))).orElse(null);
        int context = first(spec.contextWindow(), base == null ? null : base.contextWindow(), UNKNOWN_CONTEXT);
        int output = first(spec.maxOutputTokens(), base == null ? null : base.maxOutputTokens(), 0);
        if (context <= 0 || output < 0 || output >= context) {
            throw new BotConfigException("Model " + id + ": context-window must be positive and above max-output-tokens");
        }
        double in = first(spec.inputPrice(), base == null ? null : base.inputPrice(), 0.0);
        double out = first(spec.outputPrice(), base == null ? null : base.outputPrice(), 0.0);
        boolean vision = first(spec.vision(), base == null ? null : base.vision(), false);
        boolean tools = first(spec.tools(), base == null ? null : base.tools(), true);
        return new ModelInfo(id, provider, upstream, context, output, in, out, vision, tools,
                access(spec.access(), spec.users(), "Model " + id), Set.copyOf(spec.users()));
    }

    /**
     * Who may use a model, tool or MCP server, as BOT_CONFIG says it.
     *
     * @param what names the entry in the error, e.g. "Model gpt-4o"
     */
    static ModelInfo.Access access(String access, List<String> users, String what) {
        if (isBlank(access)) {
            return users.isEmpty() ? ModelInfo.Access.EVERYONE : ModelInfo.Access.LISTED;
        }
        return switch (access.strip().toLowerCase(Locale.ROOT)) {
            case "everyone", "all" -> ModelInfo.Access.EVERYONE;
            case "admins" -> ModelInfo.Access.ADMINS;
            case "listed", "users" -> ModelInfo.Access.LISTED;
            default -> throw new BotConfigException(what + ": access is everyone, admins or listed, not '" + access + "'");
        };
    }

    private static void add(ModelInfo m, Map<String, List<ModelInfo>> byProvider, Set<String> taken, boolean explicit) {
        if (!taken.add(m.id().toLowerCase(Locale.ROOT))) {
            if (explicit) {
                throw new BotConfigException("Two models have the id '" + m.id() + "'; ids must be unique across "
                        + "providers (e.g. name one '" + m.provider() + "/" + m.upstreamName() + "')");
            }
            return; // a configured model of the same id replaces the built-in one
        }
        byProvider.get(m.provider()).add(m);
    }

    private static List<ModelInfo> flatten(Map<String, List<ModelInfo>> byProvider) {
        return byProvider.values().stream().flatMap(List::stream).toList();
    }

    private static void describe(Result result, Map<String, Endpoint> endpoints) {
        if (endpoints.isEmpty()) {
            log.warn("No AI provider is configured (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, "
                    + "AZURE_OPENAI_* or BOT_CONFIG): the bot will answer that no AI provider is configured");
            return;
        }
        for (Endpoint e : endpoints.values()) {
            long count = result.models().stream().filter(m -> m.provider().equals(e.name())).count();
            log.info("Provider {} ({}{}): {} models", e.name(), e.type().key(),
                    isBlank(e.spec().baseUrl()) ? "" : ", " + e.spec().baseUrl(), count);
        }
        log.info("Default model: {} ({})", result.defaultModel(), result.defaultProvider());
    }

    private static URI url(String value, String provider) {
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new BotConfigException("Provider '" + provider + "': '" + value + "' is not an http(s) URL");
        }
    }

    private static void require(String value, String provider, String what) {
        if (isBlank(value)) {
            throw new BotConfigException("Provider '" + provider + "' needs " + what);
        }
    }

    static boolean isOfficialOpenAi(String baseUrl) {
        try {
            return "api.openai.com".equalsIgnoreCase(URI.create(baseUrl.strip()).getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static <T> T first(T a, T b, T fallback) {
        return a != null ? a : b != null ? b : fallback;
    }
}
