package dev.chatbot.core.inbox;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.chat.Sender;
import dev.chatbot.core.engine.ChatLanes;
import dev.chatbot.core.engine.ConversationEngine;
import dev.chatbot.core.engine.EngineSettings;
import dev.chatbot.core.engine.TurnObserver;
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
import dev.chatbot.core.reply.Reply;
import dev.chatbot.core.reply.ReplyChannel;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.chatbot.core.settings.RedisSettingsStore;
import dev.chatbot.testsupport.Eventually;
import dev.chatbot.testsupport.FakeOpenAiServer;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas (engine and inbox each) on one Redis take turns in one chat: one answer at a time,
 * in the order the platform numbered the messages, whichever replica took each.
 */
class ReplicasShareAChatTests {

    static final Sender ALICE = new Sender("111", "alice", "Alice", "en");

    final String prefix = TestRedis.newPrefix();
    final RedisConnection redis = RedisConnection.connect(TestRedis.url(), Duration.ofSeconds(10));
    final RedisKeys keys = new RedisKeys(prefix);
    final FakeOpenAiServer openai = new FakeOpenAiServer();
    final JsonMapper json = JsonMapper.builder().build();
    final RedisChatStore chats = new RedisChatStore(redis.commands(), keys, json, 40, Duration.ofHours(1));
    final List<ConversationEngine> engines = new ArrayList<>();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();

    @AfterEach
    void cleanUp() {
        engines.forEach(ConversationEngine::close);
        openai.close();
        TestRedis.deleteKeys(prefix);
        redis.close();
    }

    Inbox replica(String name) {
        ModelInfo model = new ModelInfo("gpt-test", "openai", "gpt-test", 128_000, 4_000, 2.5, 10.0, false,
                ModelInfo.Access.EVERYONE, Set.of());
        ProviderRegistry providers = new ProviderRegistry(List.of(new OpenAiCompatibleProvider(
                OpenAiCompatibleConfig.of("openai", openai.baseUrl(), "sk-test"), json)));
        EngineSettings settings = new EngineSettings(null, Duration.ofSeconds(30), null, Duration.ofSeconds(5), name);
        ConversationEngine engine = new ConversationEngine(settings, chats, new RedisSettingsStore(redis.commands(), keys),
                new ModelCatalog(List.of(model), "gpt-test", "openai"), providers, FallbackChain.none(), new TokenCounter(),
                new Texts(), List.of(), new ChatLanes(), FairUse.OPEN, TurnObserver.NONE);
        engines.add(engine);
        return new Inbox(new RedisInboxStore(redis.commands(), keys), "test", Duration.ofMinutes(10), engine::submit,
                name, java.time.Clock.systemUTC());
    }

    @Test
    void two_replicas_answer_one_chat_one_turn_at_a_time_in_update_order() {
        openai.respondWith(request -> Script.tokens(Duration.ofMillis(15), "You said: ", request.messages().getLast().replaceFirst("^user: ", "")));
        List<Inbox> replicas = List.of(replica("replica-a"), replica("replica-b"));
        ChatKey chat = ChatKey.of("test", "group-1");
        List<CountingChannel> channels = new ArrayList<>();
        int n = 8;
        for (int i = 0; i < n; i++) {
            CountingChannel channel = new CountingChannel();
            channels.add(channel);
            InboundMessage message = new InboundMessage(chat, "m" + i, ALICE, "q" + i, InboundMessage.Kind.TEXT, true, true,
                    null, null);
            // the load balancer's round robin: even updates to one replica, odd to the other
            replicas.get(i % 2).receive(new InboxEvent(Integer.toString(1000 + i), "q" + i, message, channel));
        }
        Eventually.await("every message answered", Duration.ofSeconds(60),
                () -> channels.stream().allMatch(c -> !c.messages.isEmpty()));

        List<ChatMessage> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            assertThat(channels.get(i).messages).containsExactly("You said: q" + i);
            expected.add(ChatMessage.user("q" + i));
            expected.add(ChatMessage.assistant("You said: q" + i));
        }
        Eventually.await("the last exchange saved", Duration.ofSeconds(10),
                () -> chats.history(chat).toCompletableFuture().join().size() == 2 * n);
        assertThat(chats.history(chat).toCompletableFuture().join()).containsExactlyElementsOf(expected);
        assertThat(mostAtOnce.get()).as("answers streaming at once in the chat").isEqualTo(1);
    }

    /** Keeps what the user would see, and how many answers of the chat were open at once. */
    final class CountingChannel implements ReplyChannel {

        final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public Reply open() {
            mostAtOnce.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            return new Reply() {
                @Override
                public void update(String textSoFar) {
                }

                @Override
                public void finish(String finalText) {
                    messages.add(finalText);
                    concurrent.decrementAndGet();
                }

                @Override
                public void abandon() {
                    concurrent.decrementAndGet();
                }
            };
        }

        @Override
        public void send(String text) {
            messages.add(text);
        }
    }
}
