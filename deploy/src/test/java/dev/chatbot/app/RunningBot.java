package dev.chatbot.app;

import dev.chatbot.testsupport.Eventually;
import dev.chatbot.testsupport.FakeAnthropicServer;
import dev.chatbot.testsupport.FakeGeminiServer;
import dev.chatbot.testsupport.FakeOpenAiServer;
import dev.chatbot.testsupport.FakeTelegramServer;
import dev.chatbot.testsupport.TestRedis;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole Spring app wired to a fake Telegram, fake OpenAI, Anthropic and Gemini, and the real
 * Redis, under a key prefix of its own. Restartable with the same state, like a redeploy. The
 * default model is OpenAI's (the first provider); Anthropic's and Gemini's built-in models are
 * offered too.
 */
final class RunningBot implements AutoCloseable {

    static final String TOKEN = "123456:TEST-token_for_fake_api";

    final FakeTelegramServer telegram = new FakeTelegramServer(TOKEN);
    final FakeOpenAiServer openai = new FakeOpenAiServer();
    final FakeAnthropicServer anthropic = new FakeAnthropicServer();
    final FakeGeminiServer gemini = new FakeGeminiServer();
    final String prefix = TestRedis.newPrefix();
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private final java.util.Set<String> defaults = new java.util.HashSet<>();
    private ConfigurableApplicationContext app;
    private Process child;
    private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

    /** Sets or replaces one property, e.g. {@code with("bot.redis.url", "...")}. */
    RunningBot with(String property, String value) {
        overrides.put(property, value);
        return this;
    }

    /** Leaves {@code property} at the app's own default instead of the quicker test value. */
    RunningBot withDefault(String property) {
        defaults.add(property);
        overrides.remove(property);
        return this;
    }

    RunningBot start() {
        app = new SpringApplicationBuilder(ChatbotApplication.class).run(arguments().toArray(String[]::new));
        return this;
    }

    /**
     * Starts the app in a JVM of its own, so that a test can kill it with -9 (no shutdown hook, no
     * close()); its log goes to {@code target/child-bot-<prefix>.log}.
     */
    RunningBot startInChildJvm() throws java.io.IOException {
        List<String> command = new ArrayList<>(List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChatbotApplication.class.getName()));
        command.addAll(arguments());
        child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new java.io.File("target/child-bot-" + prefix + ".log")))
                .start();
        return this;
    }

    /** Kills the child JVM as kill -9 would, and waits until it is gone. */
    void killChildJvm() throws InterruptedException {
        child.destroyForcibly();
        child.waitFor();
        child = null;
    }

    private List<String> arguments() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.main.keep-alive", "false");
        properties.put("bot.redis.url", TestRedis.url());
        properties.put("bot.redis.key-prefix", prefix);
        properties.put("bot.telegram.token", TOKEN);
        properties.put("bot.telegram.api-url", telegram.apiUrl());
        properties.put("bot.telegram.poll-timeout-seconds", "1");
        properties.put("bot.telegram.private-edit-interval", "150ms");
        properties.put("bot.telegram.group-edit-interval", "300ms");
        properties.put("bot.telegram.draft-interval", "150ms");
        properties.put("openai.api-key", "sk-test-key-not-real");
        properties.put("openai.base-url", openai.baseUrl());
        properties.put("bot.resilience.initial-backoff", "20ms");
        properties.put("anthropic.api-key", "sk-ant-test-key-not-real");
        properties.put("anthropic.base-url", anthropic.baseUrl());
        properties.put("gemini.api-key", "AIza-test-key-not-real");
        properties.put("gemini.base-url", gemini.baseUrl());
        properties.putAll(overrides);
        properties.keySet().removeAll(defaults);
        List<String> args = new ArrayList<>();
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        return args;
    }

    /**
     * Starts one more instance of the app in this JVM, on the same fakes, Redis and key prefix: a
     * second replica behind the same bot token.
     */
    ConfigurableApplicationContext startReplica(String name) {
        return startReplica(name, Map.of());
    }

    /** {@link #startReplica(String)} with some properties of its own, e.g. the Discord shards it runs. */
    ConfigurableApplicationContext startReplica(String name, Map<String, String> own) {
        Map<String, String> saved = new LinkedHashMap<>(overrides);
        overrides.putAll(own);
        List<String> args = new ArrayList<>(arguments());
        overrides.clear();
        overrides.putAll(saved);
        args.add("--bot.replica.name=" + name);
        ConfigurableApplicationContext replica = new SpringApplicationBuilder(ChatbotApplication.class).run(args.toArray(String[]::new));
        replicas.add(replica);
        return replica;
    }

    void restart() {
        stopApp();
        start();
    }

    /** Waits until the app's captured log holds {@code text}: a positive signal, not a pause. */
    static void awaitLog(org.springframework.boot.test.system.CapturedOutput output, String text) {
        Eventually.await("the log to say: " + text, java.time.Duration.ofSeconds(15), () -> output.getAll().contains(text));
    }

    /** The app's HTTP port. */
    int port() {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    <T> T bean(Class<T> type) {
        return app.getBean(type);
    }

    /** Stops the app as a redeploy would; {@link #start()} brings it back with the same state. */
    void stopApp() {
        if (app != null) {
            app.close();
            app = null;
        }
    }

    @Override
    public void close() {
        replicas.forEach(ConfigurableApplicationContext::close);
        stopApp();
        if (child != null) {
            child.destroyForcibly();
        }
        telegram.close();
        openai.close();
        anthropic.close();
        gemini.close();
        TestRedis.deleteKeys(prefix);
    }
}
