package dev.chatbot.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.chat.Sender;
import dev.chatbot.core.commands.ModelCommand;
import dev.chatbot.core.history.ChatMessage;
import dev.chatbot.core.history.RedisChatStore;
import dev.chatbot.core.history.TokenCounter;
import dev.chatbot.core.i18n.Texts;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * /new, /retry and /model taken by one replica while another replica's answer runs in the chat (two
 * engines on one real Redis): they wait for that answer and go after it, so its history write neither
 * brings back what /new cleared nor gets retried in the wrong place.
 */
class ChatWritesAcrossReplicasTests {

    static final Sender ALICE = new Sender("111", "alice", "Alice", "en");

    final String prefix = TestRedis.newPrefix();
    final RedisConnection redis = RedisConnection.connect(TestRedis.url(), Duration.ofSeconds(10));
    final RedisKeys keys = new RedisKeys(prefix);
    final FakeOpenAiServer openai = new FakeOpenAiServer();
    final JsonMapper json = JsonMapper.builder().build();
    final RedisChatStore chats = new RedisChatStore(redis.commands(), keys, json, 40, Duration.ofHours(1));
    final RedisSettingsStore settings = new RedisSettingsStore(redis.commands(), keys);
    final ModelCatalog catalog = new ModelCatalog(List.of(model("gpt-test"), model("gpt-other")), "gpt-test", "openai");
    final List<ConversationEngine> engines = new ArrayList<>();
    final Texts texts = new Texts();
    final ChatKey chat = ChatKey.of("test", "group-1");
    /** What the chat saw, in order, from both replicas. */
    final ReplicaTranscript transcript = new ReplicaTranscript();

    @AfterEach
    void cleanUp() {
        engines.forEach(ConversationEngine::close);
        openai.close();
        TestRedis.deleteKeys(prefix);
        redis.close();
    }

    static ModelInfo model(String id) {
        return new ModelInfo(id, "openai", id, 128_000, 4_000, 2.5, 10.0, false, ModelInfo.Access.EVERYONE, Set.of());
    }

    ConversationEngine replica(String name) {
        ProviderRegistry providers = new ProviderRegistry(List.of(new OpenAiCompatibleProvider(
                OpenAiCompatibleConfig.of("openai", openai.baseUrl(), "sk-test"), json)));
        EngineSettings engineSettings = new EngineSettings(null, Duration.ofSeconds(30), null, Duration.ofSeconds(5), name);
        ConversationEngine engine = new ConversationEngine(engineSettings, chats, settings, catalog, providers,
                FallbackChain.none(), new TokenCounter(), texts, List.of(new ModelCommand(catalog, settings, dev.chatbot.core.chat.Admins.NONE)),
                new ChatLanes(), FairUse.OPEN, TurnObserver.NONE);
        engines.add(engine);
        return engine;
    }

    /** A slow answer: long enough for the other replica's command to arrive while it streams. */
    void slowAnswers() {
        openai.respondWith(request -> {
            String asked = request.messages().getLast().replaceFirst("^user: ", "");
            List<String> tokens = new ArrayList<>(Collections.nCopies(30, "."));
            tokens.addFirst("You said: " + asked);
            return Script.tokens(Duration.ofMillis(40), tokens.toArray(String[]::new));
        });
    }

    void send(ConversationEngine replica, String name, String text) {
        replica.submit(new InboundMessage(chat, "m-" + text, ALICE, text, InboundMessage.Kind.TEXT, true, true, null, null),
                transcript.channel(name));
    }

    void awaitShowing(String what) {
        transcript.await(what, Duration.ofSeconds(20));
    }

    @Test
    void new_on_one_replica_waits_for_the_answer_running_on_the_other_and_that_answer_does_not_come_back() {
        slowAnswers();
        ConversationEngine a = replica("replica-a");
        ConversationEngine b = replica("replica-b");
        send(a, "a", "q1");
        awaitShowing("a shows You said: q1");

        send(b, "b", "/new");
        String done = texts.get("en", "new.done");
        awaitShowing("b sends " + done);

        assertThat(transcript.first("a finishes")).as("the answer ended before /new cleared").isNotNegative()
                .isLessThan(transcript.lines().indexOf("b sends " + done));
        assertThat(chats.history(chat).toCompletableFuture().join()).as("cleared, and not brought back").isEmpty();
    }

    @Test
    void retry_on_one_replica_retries_the_answer_running_on_the_other_once_it_ended() {
        chats.append(chat, List.of(ChatMessage.user("q0"), ChatMessage.assistant("a0"))).toCompletableFuture().join();
        slowAnswers();
        ConversationEngine a = replica("replica-a");
        ConversationEngine b = replica("replica-b");
        send(a, "a", "q1");
        awaitShowing("a shows You said: q1");

        send(b, "b", "/retry");
        Eventually.await("the retried answer", Duration.ofSeconds(30), () -> transcript.first("b finishes") >= 0);

        List<ChatMessage> history = chats.history(chat).toCompletableFuture().join();
        assertThat(history).hasSize(4);
        assertThat(history.subList(0, 3)).containsExactly(ChatMessage.user("q0"), ChatMessage.assistant("a0"),
                ChatMessage.user("q1"));
        assertThat(history.get(3).text()).startsWith("You said: q1");
        assertThat(transcript.first("a finishes")).isLessThan(transcript.first("b shows You said: q1"));
    }

    @Test
    void model_on_one_replica_goes_after_the_answer_running_on_the_other() {
        slowAnswers();
        ConversationEngine a = replica("replica-a");
        ConversationEngine b = replica("replica-b");
        send(a, "a", "q1");
        awaitShowing("a shows You said: q1");

        send(b, "b", "/model gpt-other");
        String switched = texts.get("en", "model.switched", "gpt-other", "openai");
        awaitShowing("b sends " + switched);

        assertThat(transcript.first("a finishes")).isNotNegative().isLessThan(transcript.lines().indexOf("b sends " + switched));
        assertThat(settings.settings(chat).toCompletableFuture().join().model()).isEqualTo("gpt-other");
    }
}
