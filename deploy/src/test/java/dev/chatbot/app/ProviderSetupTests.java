package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbot.core.llm.LlmProvider;
import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.llm.ModelInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Which providers and models the environment variables and BOT_CONFIG's lists give. */
class ProviderSetupTests {

    final ProviderSetup setup = new ProviderSetup(ProvidersConfiguration.builtinModels(), JsonMapper.builder().build());

    static OpenAiProperties openAi(String key, String url) {
        return new OpenAiProperties(key, url == null ? OpenAiProperties.OFFICIAL : url, true);
    }

    static List<ProviderSpec> env(OpenAiProperties openAi, AzureOpenAiProperties azure, String anthropicKey, String geminiKey) {
        return ProviderSetup.fromEnvironment(openAi, azure == null ? new AzureOpenAiProperties(null, null, null, null) : azure,
                new AnthropicProperties(anthropicKey, null), new GeminiProperties(geminiKey, null));
    }

    static ProviderSpec provider(String name, String type, String url, String key) {
        return new ProviderSpec(name, type, url, key, null, null, null, null, null, null);
    }

    static ModelSpec model(String id, String provider) {
        return new ModelSpec(id, provider, null, null, null, null, null, null, null, null, null);
    }

    static List<String> ids(ProviderSetup.Result r) {
        return r.models().stream().map(ModelInfo::id).toList();
    }

    @Test
    void openai_anthropic_and_gemini_keys_offer_their_built_in_models_and_openais_first_is_the_default() {
        ProviderSetup.Result r = setup.build(env(openAi("sk-1", null), null, "sk-ant-1", "AIza-1"), List.of(), null);

        assertThat(r.providers()).extracting(LlmProvider::name).containsExactly("openai", "anthropic", "gemini");
        assertThat(ids(r)).startsWith("gpt-4o-mini").contains("gpt-4o", "claude-sonnet-4-5", "gemini-2.5-flash");
        assertThat(r.defaultModel()).isEqualTo("gpt-4o-mini");
        ModelInfo sonnet = r.catalog().find("claude-sonnet-4-5").orElseThrow();
        assertThat(sonnet.provider()).isEqualTo("anthropic");
        assertThat(sonnet.contextWindow()).isEqualTo(200_000);
        assertThat(sonnet.inputPricePerMillion()).isEqualTo(3.0);
    }

    @Test
    void a_relay_in_openai_base_url_offers_no_openai_models_but_takes_the_default_model_by_name() {
        ProviderSetup.Result r = setup.build(env(openAi(null, "http://localhost:11434/v1"), null, null, null),
                List.of(), "llama3.2");

        assertThat(r.providers()).extracting(LlmProvider::name).containsExactly("openai");
        assertThat(ids(r)).containsExactly("llama3.2");
        assertThat(r.catalog().resolve(null).provider()).isEqualTo("openai");
        assertThat(r.catalog().resolve(null).upstreamName()).isEqualTo("llama3.2");
    }

    @Test
    void without_a_default_a_relay_gets_gpt_4o_mini() {
        ProviderSetup.Result r = setup.build(env(openAi("sk-1", "https://relay.example.com/v1"), null, "sk-ant", null),
                List.of(), "");
        assertThat(r.defaultModel()).isEqualTo("gpt-4o-mini");
        assertThat(r.defaultProvider()).isEqualTo("openai");
    }

    @Test
    void azure_deployments_become_models_with_the_deployment_as_upstream_name_and_known_prices() {
        ProviderSetup.Result r = setup.build(env(openAi("sk-1", null),
                new AzureOpenAiProperties("https://res.openai.azure.com", "az-key", null, "gpt-4o=prod-4o, fast=mini-dep"),
                null, null), List.of(), "fast");

        ModelCatalog catalog = r.catalog();
        ModelInfo gpt4o = catalog.find("gpt-4o").orElseThrow();
        assertThat(gpt4o.provider()).as("a configured deployment beats the built-in of the same id").isEqualTo("azure");
        assertThat(gpt4o.upstreamName()).isEqualTo("prod-4o");
        assertThat(gpt4o.outputPricePerMillion()).isEqualTo(10.0);
        ModelInfo fast = catalog.find("fast").orElseThrow();
        assertThat(fast.upstreamName()).isEqualTo("mini-dep");
        assertThat(fast.contextWindow()).isEqualTo(ProviderSetup.UNKNOWN_CONTEXT);
        assertThat(r.defaultProvider()).isEqualTo("azure");
        assertThat(catalog.find("gpt-4o-mini").orElseThrow().provider()).isEqualTo("openai");
    }

    @Test
    void a_bare_azure_deployment_name_is_also_the_model_id() {
        ProviderSetup.Result r = setup.build(env(openAi(null, null),
                new AzureOpenAiProperties("https://res.openai.azure.com", "az-key", null, "gpt-4o-mini"), null, null),
                List.of(), null);
        ModelInfo mini = r.catalog().find("gpt-4o-mini").orElseThrow();
        assertThat(mini.upstreamName()).isEqualTo("gpt-4o-mini");
        assertThat(mini.provider()).isEqualTo("azure");
        assertThat(r.defaultModel()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void configured_models_find_their_provider_by_prefix_and_fill_in_what_the_app_knows() {
        List<ProviderSpec> providers = List.of(
                provider("openrouter", "openai", "https://openrouter.ai/api/v1", "sk-or-1"),
                provider("deepseek", "openai", "https://api.deepseek.com/v1", "sk-ds-1"));
        ProviderSetup.Result r = setup.build(providers, List.of(
                model("openrouter/meta-llama/llama-3.1-70b-instruct", null),
                new ModelSpec("deepseek-chat", "deepseek", null, 65536, 8192, 0.27, 1.10, false, null, null, null),
                new ModelSpec("gpt-4o", "openrouter", "openai/gpt-4o", null, null, null, null, null, null, "admins", null),
                model("mystery", null),
                model("claude-haiku-4-5", "anthropic")), null);

        ModelCatalog catalog = r.catalog();
        ModelInfo llama = catalog.find("openrouter/meta-llama/llama-3.1-70b-instruct").orElseThrow();
        assertThat(llama.provider()).isEqualTo("openrouter");
        assertThat(llama.upstreamName()).isEqualTo("meta-llama/llama-3.1-70b-instruct");
        ModelInfo gpt4o = catalog.find("gpt-4o").orElseThrow();
        assertThat(gpt4o.upstreamName()).isEqualTo("openai/gpt-4o");
        assertThat(gpt4o.access()).isEqualTo(ModelInfo.Access.ADMINS);
        assertThat(gpt4o.contextWindow()).as("known from the built-in list").isEqualTo(128_000);
        assertThat(catalog.find("mystery").orElseThrow().provider()).as("no provider named: the first").isEqualTo("openrouter");
        assertThat(catalog.find("claude-haiku-4-5")).as("its provider is not configured").isEmpty();
        assertThat(catalog.find("deepseek-chat").orElseThrow().maxOutputTokens()).isEqualTo(8192);
        assertThat(r.defaultModel()).isEqualTo("openrouter/meta-llama/llama-3.1-70b-instruct");
    }

    @Test
    void a_default_model_with_a_provider_prefix_goes_to_that_provider() {
        ProviderSetup.Result r = setup.build(List.of(provider("openai", "openai", null, "sk-1"),
                provider("openrouter", "openai", "https://openrouter.ai/api/v1", "sk-or")), List.of(),
                "openrouter/qwen/qwen-2.5-72b-instruct");
        ModelInfo m = r.catalog().resolve(null);
        assertThat(m.provider()).isEqualTo("openrouter");
        assertThat(m.upstreamName()).isEqualTo("qwen/qwen-2.5-72b-instruct");
    }

    @Test
    void listed_users_make_a_model_listed() {
        ProviderSetup.Result r = setup.build(List.of(provider("openai", "openai", null, "sk-1")), List.of(
                new ModelSpec("o3", "openai", null, 200000, 100000, 2.0, 8.0, true, null, null, List.of("telegram:111"))), null);
        ModelInfo o3 = r.catalog().find("o3").orElseThrow();
        assertThat(o3.access()).isEqualTo(ModelInfo.Access.LISTED);
        assertThat(o3.isAllowedFor("telegram:111", false)).isTrue();
        assertThat(o3.isAllowedFor("telegram:222", false)).isFalse();
    }

    @Test
    void nothing_configured_leaves_the_catalog_empty_and_the_old_default() {
        ProviderSetup.Result r = setup.build(env(openAi("", null), null, null, null), List.of(), null);
        assertThat(r.providers()).isEmpty();
        assertThat(r.models()).isEmpty();
        assertThat(r.catalog().resolve(null).id()).isEqualTo("gpt-4o-mini");
        assertThat(r.registry().isEmpty()).isTrue();
    }

    @Test
    void mistakes_get_a_message_that_says_what_to_fix() {
        ProviderSpec openai = provider("openai", "openai", null, "sk-1");
        assertThatThrownBy(() -> setup.build(List.of(openai, provider("openai", "anthropic", null, "k")), List.of(), null))
                .isInstanceOf(BotConfigException.class).hasMessageContaining("Two providers are named 'openai'");
        assertThatThrownBy(() -> setup.build(List.of(provider("x", "mistral", null, "k")), List.of(), null))
                .hasMessageContaining("openai, azure, anthropic or gemini");
        assertThatThrownBy(() -> setup.build(List.of(openai), List.of(model("a", null), model("A", null)), null))
                .hasMessageContaining("Two models have the id 'A'");
        assertThatThrownBy(() -> setup.build(List.of(openai), List.of(
                new ModelSpec("a", null, null, null, null, null, null, null, null, "friends", null)), null))
                .hasMessageContaining("access is everyone, admins or listed");
        assertThatThrownBy(() -> setup.build(List.of(provider("az", "azure", null, "k")), List.of(), null))
                .hasMessageContaining("needs base-url");
        assertThatThrownBy(() -> setup.build(List.of(provider("local", "openai", "localhost:11434", null)), List.of(), null))
                .hasMessageContaining("not an http(s) URL");
        assertThatThrownBy(() -> env(openAi(null, null), new AzureOpenAiProperties("https://r.openai.azure.com", null, null, null),
                null, null)).hasMessageContaining("AZURE_OPENAI_API_KEY");
        assertThatThrownBy(() -> setup.build(List.of(new ProviderSpec("az", "azure", "https://r.openai.azure.com", "k",
                null, null, null, "gpt-4o, =prod", null, null)), List.of(), null)).hasMessageContaining("model=deployment");
        assertThatThrownBy(() -> setup.build(List.of(new ProviderSpec("a", "anthropic", null, "k",
                Map.of("x", "y"), null, null, null, null, null)), List.of(), null)).hasMessageContaining("headers");
    }
}
