package dev.chatbot.core.engine;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.chat.Sender;
import dev.chatbot.core.commands.HelpCommand;
import dev.chatbot.core.history.RedisChatStore;
import dev.chatbot.core.history.TokenCounter;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.llm.FallbackChain;
import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.llm.ModelInfo;
import dev.chatbot.core.llm.ProviderRegistry;
import dev.chatbot.core.llm.openai.OpenAiCompatibleConfig;
import dev.chatbot.core.llm.openai.OpenAiCompatibleProvider;
import dev.chatbot.core.llm.resilience.ResilienceSettings;
import dev.chatbot.core.llm.resilience.ResilientProvider;
import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.core.reply.RecordingReplyChannel;
import dev.chatbot.core.settings.RedisSettingsStore;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.FakeOpenAiServer;
import dev.chatbot.testsupport.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine with two real providers over loopback: the fallback model takes over when the first fails. */
class FallbackTests {

    final FakeOpenAiServer primary = new FakeOpenAiServer();
    final FakeOpenAiServer backup = new FakeOpenAiServer();
    final String prefix = TestRedis.newPrefix();
    final RedisConnection redis = RedisConnection.connect(TestRedis.url(), Duration.ofSeconds(5));
    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    final JsonMapper json = JsonMapper.builder().build();
    final ResilienceSettings resilience = new ResilienceSettings(1, Duration.ofMillis(10), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(5), 50, 2, Duration.ofMinutes(1));

    final ConversationEngine engine = new ConversationEngine(
            new EngineSettings(null, Duration.ofSeconds(30), null),
            new RedisChatStore(redis.commands(), new RedisKeys(prefix), json, 50, Duration.ofHours(1)),
            new RedisSettingsStore(redis.commands(), new RedisKeys(prefix)),
            new ModelCatalog(List.of(new ModelInfo("main-model", "primary", "main-model", 100_000, 0),
                    new ModelInfo("backup-model", "backup", "backup-model", 100_000, 0)), "main-model", "primary"),
            new ProviderRegistry(List.of(
                    new ResilientProvider(new OpenAiCompatibleProvider(OpenAiCompatibleConfig.of("primary", primary.baseUrl(), "k1"), json), resilience, timers),
                    new ResilientProvider(new OpenAiCompatibleProvider(OpenAiCompatibleConfig.of("backup", backup.baseUrl(), "k2"), json), resilience, timers))),
            new FallbackChain(Map.of("main-model", List.of("backup-model"))),
            new TokenCounter(), new Texts(), List.of(new HelpCommand()), new ChatLanes(),
            dev.chatbot.core.limits.FairUse.OPEN, TurnObserver.NONE);

    @AfterEach
    void close() {
        primary.close();
        backup.close();
        timers.shutdownNow();
        TestRedis.deleteKeys(prefix);
        redis.close();
    }

    InboundMessage ask(String text) {
        return new InboundMessage(ChatKey.of("test", "1"), "m", new Sender("7", "ann", "Ann", "en"), text,
                InboundMessage.Kind.TEXT, true, false, null);
    }

    @Test
    void an_open_circuit_skips_the_provider_and_the_fallback_model_answers() throws InterruptedException {
        primary.respondWith(r -> Script.error(503, "{\"error\":{\"message\":\"overloaded\"}}", Map.of()));
        RecordingReplyChannel channel = new RecordingReplyChannel();

        for (int i = 1; i <= 3; i++) {
            engine.submit(ask("question " + i), channel);
            channel.awaitMessages(i);
        }

        assertThat(channel.messages).containsExactly(
                "You said: question 1", "You said: question 2", "You said: question 3");
        assertThat(primary.requests()).as("the open circuit kept the third question away").hasSize(2);
        assertThat(backup.requests()).hasSize(3);
        assertThat(backup.requests().getFirst().body().path("model").asString()).isEqualTo("backup-model");
    }

    @Test
    void without_a_working_fallback_the_user_gets_one_clear_message() throws InterruptedException {
        primary.respondWith(r -> Script.error(503, "{\"error\":{\"message\":\"overloaded\"}}", Map.of()));
        backup.respondWith(r -> Script.error(401, "{\"error\":{\"message\":\"bad key\"}}", Map.of()));
        RecordingReplyChannel channel = new RecordingReplyChannel();
        engine.submit(ask("hello"), channel);
        channel.awaitMessages(1);
        assertThat(channel.messages).containsExactly(
                "The AI provider (backup) rejected the bot's API key. Please tell the bot's admin.");
    }
}
