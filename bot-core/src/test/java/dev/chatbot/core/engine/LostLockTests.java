package dev.chatbot.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.chat.Sender;
import dev.chatbot.core.history.RedisChatStore;
import dev.chatbot.core.history.TokenCounter;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.inbox.Inbox;
import dev.chatbot.core.inbox.InboxEvent;
import dev.chatbot.core.inbox.RedisInboxStore;
import dev.chatbot.core.limits.FairUse;
import dev.chatbot.core.llm.FallbackChain;
import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.llm.ModelInfo;
import dev.chatbot.core.llm.ProviderRegistry;
import dev.chatbot.core.llm.openai.OpenAiCompatibleConfig;
import dev.chatbot.core.llm.openai.OpenAiCompatibleProvider;
import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;

import dev.chatbot.core.settings.RedisSettingsStore;
import dev.chatbot.testsupport.Eventually;
import dev.chatbot.testsupport.FakeOpenAiServer;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.TestRedis;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A replica cut off from Redis for longer than a lease while it answers: its turn lock and its inbox lease
 * lapse, and another replica takes the message up. The cut-off replica gives its answer up first, so the
 * chat never sees two answers to one message streaming at once; the other replica's answer is the whole one.
 */
class LostLockTests {

    static final Sender ALICE = new Sender("111", "alice", "Alice", "en");
    static final Duration LEASE = Duration.ofMillis(1500);

    final String prefix = TestRedis.newPrefix();
    final RedisKeys keys = new RedisKeys(prefix);
    final FakeOpenAiServer openai = new FakeOpenAiServer();
    final JsonMapper json = JsonMapper.builder().build();
    final ModelCatalog catalog = new ModelCatalog(List.of(new ModelInfo("gpt-test", "openai", "gpt-test", 128_000, 4_000,
            2.5, 10.0, false, ModelInfo.Access.EVERYONE, Set.of())), "gpt-test", "openai");
    final ChatKey chat = ChatKey.of("test", "group-1");
    /** What the chat saw, in order, from both replicas. */
    final ReplicaTranscript transcript = new ReplicaTranscript();
    final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        openai.close();
        TestRedis.deleteKeys(prefix);
    }

    /** One replica: its Redis connection (through {@code url}), engine and inbox sharing work with the others. */
    Inbox replica(String name, String url) {
        RedisConnection redis = RedisConnection.connect(url, Duration.ofSeconds(3));
        closing.add(redis::close);
        ProviderRegistry providers = new ProviderRegistry(List.of(new OpenAiCompatibleProvider(
                OpenAiCompatibleConfig.of("openai", openai.baseUrl(), "sk-test"), json)));
        ConversationEngine engine = new ConversationEngine(
                new EngineSettings(null, Duration.ofSeconds(60), null, LEASE, name),
                new RedisChatStore(redis.commands(), keys, json, 40, Duration.ofHours(1)),
                new RedisSettingsStore(redis.commands(), keys), catalog, providers, FallbackChain.none(), new TokenCounter(),
                new Texts(), List.of(), new ChatLanes(), FairUse.OPEN, TurnObserver.NONE);
        Inbox inbox = new Inbox(new RedisInboxStore(redis.commands(), keys), "test", Duration.ofMinutes(10), engine::submit,
                name, Clock.systemUTC());
        closing.add(() -> inbox.drain(Duration.ZERO));
        closing.add(engine);
        closing.add(inbox.shareWork(LEASE, payload -> Optional.of(event(payload, name))));
        return inbox;
    }

    InboxEvent event(String text, String replica) {
        return new InboxEvent("1001", text, new InboundMessage(chat, "m1", ALICE, text, InboundMessage.Kind.TEXT, true, true,
                null, null), transcript.channel(replica));
    }

    @Test
    void a_replica_cut_off_from_redis_gives_its_answer_up_before_another_takes_the_message_over() throws Exception {
        openai.respondWith(request -> {
            List<String> tokens = new ArrayList<>(Collections.nCopies(100, "."));
            tokens.addFirst("You said: " + request.messages().getLast().replaceFirst("^user: ", ""));
            return Script.tokens(Duration.ofMillis(50), tokens.toArray(String[]::new)); // about 5 s
        });
        URI redis = URI.create(TestRedis.url());
        CuttableProxy proxy = new CuttableProxy(redis.getHost(), redis.getPort());
        closing.add(proxy);
        Inbox a = replica("replica-a", "redis://" + redis.getHost() + ":" + proxy.port());
        replica("replica-b", TestRedis.url());

        a.receive(event("q1", "replica-a"));
        Eventually.await("replica-a answering", Duration.ofSeconds(20), () -> transcript.first("replica-a shows") >= 0);
        proxy.cut();

        Eventually.await("replica-b taking the message over and answering it", Duration.ofSeconds(60),
                () -> transcript.first("replica-b finishes") >= 0);
        assertThat(transcript.lines().get(transcript.first("replica-b finishes"))).as("the whole answer")
                .isEqualTo("replica-b finishes You said: q1" + ".".repeat(100));
        assertThat(transcript.first("replica-a finishes")).as("replica-a gave up").isNotNegative()
                .as("before replica-b showed anything").isLessThan(transcript.first("replica-b shows"));
        assertThat(transcript.lines().get(transcript.first("replica-a finishes"))).contains(new Texts().get("en", "turn.lost"));
    }
}
