package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbot.core.llm.ModelInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.json.JsonMapper;

/** The BOT_CONFIG file as the README documents it: read, bound and turned into providers and models. */
class BotConfigFileTests {

    @TempDir
    Path dir;

    StandardEnvironment environment(String yaml, Map<String, Object> more) throws IOException {
        Path file = dir.resolve("bot.yml");
        Files.writeString(file, yaml);
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", Map.of("bot.config", file.toString())));
        env.getPropertySources().addFirst(new MapPropertySource("more", more));
        new BotConfigFile().postProcessEnvironment(env, null);
        return env;
    }

    @Test
    void the_readme_example_gives_its_providers_and_models() throws IOException {
        StandardEnvironment env = environment("""
                providers:
                  - name: openrouter
                    type: openai
                    base-url: https://openrouter.ai/api/v1
                    api-key: ${TEST_OPENROUTER_KEY}
                    headers:
                      HTTP-Referer: https://github.com/example/chatbot
                      X-Title: Friends bot
                  - name: relay
                    type: openai
                    base-url: https://relay.example.com/v1
                    api-key: sk-relay
                    stream-options: false
                  - name: work-azure
                    type: azure
                    base-url: https://work.openai.azure.com
                    api-key: az-key
                    api-version: 2024-10-21
                    deployments: gpt-4o=prod-gpt4o
                  - name: claude
                    type: anthropic
                    api-key: sk-ant-x
                  - name: google
                    type: gemini
                    api-key: AIza-x
                    builtin-models: false
                models:
                  - id: openrouter/meta-llama/llama-3.1-70b-instruct
                    context-window: 131072
                    input-price: 0.4
                    output-price: 0.4
                  - id: gemini-2.5-pro
                    provider: google
                    access: admins
                  - id: deepseek-r1
                    provider: relay
                    upstream: deepseek-reasoner
                    users: [telegram:111, "discord:222"]
                default-model: claude-sonnet-4-5
                admins: [telegram:999]
                """, Map.of("TEST_OPENROUTER_KEY", "sk-or-secret"));
        Binder binder = Binder.get(env);
        List<ProviderSpec> providers = ProvidersConfiguration.bindList(binder, "bot.providers", ProviderSpec.class);
        List<ModelSpec> models = ProvidersConfiguration.bindList(binder, "bot.models", ModelSpec.class);

        assertThat(providers).extracting(ProviderSpec::name).containsExactly("openrouter", "relay", "work-azure", "claude", "google");
        assertThat(providers.getFirst().apiKey()).as("${VAR} is resolved").isEqualTo("sk-or-secret");
        assertThat(providers.getFirst().headers()).containsEntry("X-Title", "Friends bot")
                .containsEntry("HTTP-Referer", "https://github.com/example/chatbot");
        assertThat(providers.get(1).streamOptions()).isFalse();
        assertThat(env.getProperty("bot.default-model")).isEqualTo("claude-sonnet-4-5");
        assertThat(env.getProperty("bot.admins[0]")).isEqualTo("telegram:999");

        ProviderSetup.Result r = new ProviderSetup(ProvidersConfiguration.builtinModels(), JsonMapper.builder().build())
                .build(providers, models, env.getProperty("bot.default-model"));
        assertThat(r.catalog().find("gpt-4o").orElseThrow().upstreamName()).isEqualTo("prod-gpt4o");
        assertThat(r.catalog().find("gemini-2.5-pro").orElseThrow().access()).isEqualTo(ModelInfo.Access.ADMINS);
        assertThat(r.catalog().find("gemini-2.5-flash")).as("builtin-models: false").isEmpty();
        assertThat(r.catalog().find("deepseek-r1").orElseThrow().allowedUsers()).containsExactlyInAnyOrder("telegram:111", "discord:222");
        assertThat(r.catalog().resolve(null).provider()).isEqualTo("claude");
    }

    @Test
    void a_misspelt_key_is_reported_instead_of_ignored() throws IOException {
        StandardEnvironment env = environment("""
                providers:
                  - name: relay
                    type: openai
                    base-url: https://relay.example.com/v1
                    api-kee: sk-relay
                """, Map.of());
        assertThatThrownBy(() -> ProvidersConfiguration.bindList(Binder.get(env), "bot.providers", ProviderSpec.class))
                .isInstanceOf(BotConfigException.class).hasMessageContaining("api-kee");
    }

    @Test
    void a_missing_file_or_broken_yaml_stops_the_start_with_a_clear_message() throws IOException {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", Map.of("bot.config", "/no/such/bot.yml")));
        assertThatThrownBy(() -> new BotConfigFile().postProcessEnvironment(env, null))
                .isInstanceOf(BotConfigException.class).hasMessageContaining("not a readable file");
        assertThatThrownBy(() -> environment("providers:\n  - name: [unclosed\n", Map.of()))
                .isInstanceOf(BotConfigException.class).hasMessageContaining("not valid YAML");
    }

    @Test
    void the_app_does_not_start_on_a_bad_config_and_says_why() throws IOException {
        Path typo = dir.resolve("typo.yml");
        Files.writeString(typo, """
                models:
                  - id: gpt-4o
                    contxt-window: 128000
                """);
        try (RunningBot bot = new RunningBot().with("bot.config", typo.toString())) {
            assertThatThrownBy(bot::start).hasStackTraceContaining("BotConfigException")
                    .hasStackTraceContaining("contxt-window");
        }
        try (RunningBot bot = new RunningBot().with("bot.config", dir.resolve("missing.yml").toString())) {
            assertThatThrownBy(bot::start).hasStackTraceContaining("BotConfigException")
                    .hasStackTraceContaining("missing.yml, which is not a readable file");
        }
        try (RunningBot bot = new RunningBot().with("azure.openai.endpoint", "https://res.openai.azure.com")) {
            assertThatThrownBy(bot::start).hasStackTraceContaining("BotConfigException")
                    .hasStackTraceContaining("AZURE_OPENAI_API_KEY");
        }
    }

    @Test
    void fallbacks_in_the_file_bind_to_the_chain_the_engine_uses() throws IOException {
        StandardEnvironment env = environment("""
                fallbacks:
                  "[gpt-4o]": [gpt-4o-mini, claude-haiku-4-5]
                """, Map.of());
        Map<String, java.util.List<String>> fallbacks = org.springframework.boot.context.properties.bind.Binder.get(env)
                .bind("bot.fallbacks", org.springframework.boot.context.properties.bind.Bindable.mapOf(String.class,
                        (Class<java.util.List<String>>) (Class<?>) java.util.List.class))
                .get();
        assertThat(new dev.chatbot.core.llm.FallbackChain(fallbacks).after("gpt-4o"))
                .containsExactly("gpt-4o-mini", "claude-haiku-4-5");
    }
}
