package dev.chatbot.app;

import dev.chatbot.core.llm.LlmProvider;
import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.llm.ProviderRegistry;
import dev.chatbot.core.llm.resilience.ResilienceSettings;
import dev.chatbot.core.llm.resilience.ResilientProvider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The providers and models: from the conventional environment variables, then from the
 * providers and models lists of the BOT_CONFIG file (bot.providers, bot.models), plus the
 * app's built-in model list.
 */
@Configuration(proxyBeanMethods = false)
class ProvidersConfiguration {

    static final String BUILTIN_MODELS = "builtin-models.yml";

    /** The providers of the environment variables, then those of the BOT_CONFIG file. */
    record ConfiguredProviders(List<BaseUrlCheck.Configured> all) {
    }

    @Bean
    ConfiguredProviders configuredProviders(Environment environment, OpenAiProperties openAi,
                                            AzureOpenAiProperties azure, AnthropicProperties anthropic,
                                            GeminiProperties gemini) {
        List<BaseUrlCheck.Configured> providers = new ArrayList<>();
        ProviderSetup.fromEnvironment(openAi, azure, anthropic, gemini)
                .forEach(spec -> providers.add(new BaseUrlCheck.Configured(spec, true)));
        bindList(Binder.get(environment), "bot.providers", ProviderSpec.class)
                .forEach(spec -> providers.add(new BaseUrlCheck.Configured(spec, false)));
        return new ConfiguredProviders(List.copyOf(providers));
    }

    @Bean
    ProviderSetup.Result providerSetup(ConfiguredProviders configuredProviders, Environment environment,
                                       BotProperties bot, JsonMapper botJsonMapper) {
        List<ProviderSpec> providers = configuredProviders.all().stream().map(BaseUrlCheck.Configured::spec).toList();
        List<ModelSpec> models = bindList(Binder.get(environment), "bot.models", ModelSpec.class);
        return new ProviderSetup(builtinModels(), botJsonMapper).build(providers, models, bot.defaultModel());
    }

    /** Warns at start-up about a provider URL that cannot be right, e.g. OPENAI_BASE_URL without /v1. */
    @Bean
    BaseUrlCheck baseUrlCheck(ConfiguredProviders configuredProviders) {
        return new BaseUrlCheck(configuredProviders.all());
    }

    /** Every provider wrapped in retries, timeouts and a circuit breaker of its own. */
    @Bean
    ProviderRegistry providerRegistry(ProviderSetup.Result setup, BotProperties bot, ScheduledExecutorService providerTimers) {
        BotProperties.Resilience r = bot.resilience();
        ResilienceSettings resilience = new ResilienceSettings(r.maxAttempts(), r.initialBackoff(), r.maxBackoff(),
                r.firstTokenTimeout(), r.idleTimeout(), r.failureRateThreshold(), r.minimumCalls(), r.openDuration());
        return new ProviderRegistry(setup.registry().all().stream()
                .map(p -> (LlmProvider) new ResilientProvider(p, resilience, providerTimers))
                .toList());
    }

    @Bean
    ModelCatalog modelCatalog(ProviderSetup.Result setup) {
        return setup.catalog();
    }

    /** Binds a list strictly: a key the schema does not know is a typo the operator should hear about. */
    static <T> List<T> bindList(Binder binder, String name, Class<T> type) {
        try {
            BindHandler strict = new NoUnboundElementsBindHandler(BindHandler.DEFAULT);
            return binder.bind(name, Bindable.listOf(type), strict).orElse(List.of());
        } catch (BindException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BotConfigException("BOT_CONFIG: cannot read " + e.getName() + ": " + cause.getMessage(), e);
        }
    }

    /** The app's own model list, per vendor, read with the same schema as BOT_CONFIG's models. */
    static Map<String, List<ModelSpec>> builtinModels() {
        List<PropertySource<?>> documents;
        try {
            documents = new YamlPropertySourceLoader().load(BUILTIN_MODELS, new ClassPathResource(BUILTIN_MODELS));
        } catch (IOException e) {
            throw new IllegalStateException("The built-in model list is missing from the app", e);
        }
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().forEach(s -> env.getPropertySources().remove(s.getName()));
        documents.forEach(env.getPropertySources()::addLast);
        Binder binder = new Binder(ConfigurationPropertySources.get(env));
        Map<String, List<ModelSpec>> byVendor = new LinkedHashMap<>();
        for (String vendor : List.of("openai", "anthropic", "gemini")) {
            byVendor.put(vendor, binder.bind(vendor, Bindable.listOf(ModelSpec.class)).orElse(List.of()));
        }
        return byVendor;
    }
}
