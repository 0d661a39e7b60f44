package dev.chatbot.core.history;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.core.settings.ChatSettings;
import dev.chatbot.core.settings.RedisSettingsStore;
import dev.chatbot.testsupport.TestRedis;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class RedisStoresTests {

    final String prefix = TestRedis.newPrefix();
    final RedisConnection redis = RedisConnection.connect(TestRedis.url(), Duration.ofSeconds(5));
    final RedisKeys keys = new RedisKeys(prefix);
    final RedisChatStore chats = new RedisChatStore(redis.async(), keys, JsonMapper.builder().build(), 4, Duration.ofHours(1));
    final RedisSettingsStore settings = new RedisSettingsStore(redis.async(), keys);
    final ChatKey chat = new ChatKey("telegram", "42", "7");

    @AfterEach
    void cleanUp() {
        TestRedis.deleteKeys(prefix);
        redis.close();
    }

    @Test
    void history_keeps_the_newest_messages_in_order_and_expires() throws Exception {
        for (int i = 0; i < 3; i++) {
            chats.append(chat, List.of(ChatMessage.user("q" + i), ChatMessage.assistant("a" + i + " 你好 \"quoted\""))).toCompletableFuture().get();
        }
        assertThat(chats.history(chat).toCompletableFuture().get()).containsExactly(
                ChatMessage.user("q1"), ChatMessage.assistant("a1 你好 \"quoted\""),
                ChatMessage.user("q2"), ChatMessage.assistant("a2 你好 \"quoted\""));
        long ttl = redis.async().ttl(keys.history(chat)).get();
        assertThat(ttl).isBetween(3000L, 3600L);
        assertThat(keys.history(chat)).isEqualTo(prefix + ":{c:telegram:42:7}:h");
    }

    @Test
    void clear_forgets_the_history_of_that_chat_only() throws Exception {
        ChatKey other = ChatKey.of("telegram", "43");
        chats.append(chat, List.of(ChatMessage.user("mine"))).toCompletableFuture().get();
        chats.append(other, List.of(ChatMessage.user("theirs"))).toCompletableFuture().get();
        chats.clear(chat).toCompletableFuture().get();
        assertThat(chats.history(chat).toCompletableFuture().get()).isEmpty();
        assertThat(chats.history(other).toCompletableFuture().get()).containsExactly(ChatMessage.user("theirs"));
    }

    @Test
    void settings_are_set_read_and_reset_per_chat() throws Exception {
        assertThat(settings.settings(chat).toCompletableFuture().get()).isEqualTo(ChatSettings.NONE);
        settings.setModel(chat, "gpt-4o", TurnLease.NONE).toCompletableFuture().get();
        settings.setSystemPrompt(chat, "You are a pirate.", TurnLease.NONE).toCompletableFuture().get();
        assertThat(settings.settings(chat).toCompletableFuture().get()).isEqualTo(new ChatSettings("gpt-4o", "You are a pirate."));
        settings.setSystemPrompt(chat, null, TurnLease.NONE).toCompletableFuture().get();
        assertThat(settings.settings(chat).toCompletableFuture().get()).isEqualTo(new ChatSettings("gpt-4o", null));
    }

    @Test
    void the_append_script_reloads_itself_after_redis_forgot_it() throws Exception {
        redis.async().scriptFlush().get();
        chats.append(chat, List.of(ChatMessage.user("after flush"))).toCompletableFuture().get();
        assertThat(chats.history(chat).toCompletableFuture().get()).containsExactly(ChatMessage.user("after flush"));
    }

    /** /retry: the old exchange read with the turn's lock goes, the new answer comes, in one fenced write. */
    @Test
    void a_retried_answer_replaces_the_last_exchange_and_a_stale_one_writes_nothing() throws Exception {
        chats.append(chat, List.of(ChatMessage.user("q1"), ChatMessage.assistant("a1"),
                ChatMessage.user("q2"), ChatMessage.assistant("a2"))).toCompletableFuture().get();
        TurnStart retry = chats.beginTurn(chat, "replica-a", null, Duration.ofMillis(200)).toCompletableFuture().get();
        assertThat(retry.history()).hasSize(4);
        TurnStart newer = takenOnceLapsed(() -> chats.beginTurn(chat, "replica-b", null, Duration.ofSeconds(5)));

        assertThat(chats.appendAndEnd(chat, 2, List.of(ChatMessage.user("q2"), ChatMessage.assistant("stale")), retry.lease())
                .toCompletableFuture().get()).as("fenced off").isFalse();
        assertThat(chats.appendAndEnd(chat, 2, List.of(ChatMessage.user("q2"), ChatMessage.assistant("a2 again")),
                newer.lease()).toCompletableFuture().get()).isTrue();
        assertThat(chats.history(chat).toCompletableFuture().get()).containsExactly(ChatMessage.user("q1"),
                ChatMessage.assistant("a1"), ChatMessage.user("q2"), ChatMessage.assistant("a2 again"));
    }

    /** /new and /model from a replica that stalled past its lease: a newer turn began, so neither lands. */
    @Test
    void a_stale_clear_or_settings_write_is_fenced_off() throws Exception {
        chats.append(chat, List.of(ChatMessage.user("q1"), ChatMessage.assistant("a1"))).toCompletableFuture().get();
        TurnStart stalled = chats.lockChat(chat, "replica-a", null, Duration.ofMillis(200)).toCompletableFuture().get();
        assertThat(stalled.history()).as("the lock alone reads no history").isEmpty();
        TurnStart newer = takenOnceLapsed(() -> chats.lockChat(chat, "replica-b", null, Duration.ofSeconds(5)));

        assertThat(chats.clearAndEnd(chat, stalled.lease()).toCompletableFuture().get()).isFalse();
        assertThat(settings.setModel(chat, "stale-model", stalled.lease()).toCompletableFuture().get()).isFalse();
        assertThat(chats.history(chat).toCompletableFuture().get()).hasSize(2);
        assertThat(settings.settings(chat).toCompletableFuture().get().model()).isNull();

        assertThat(settings.setModel(chat, "gpt-4o", newer.lease()).toCompletableFuture().get()).isTrue();
        assertThat(chats.clearAndEnd(chat, newer.lease()).toCompletableFuture().get()).isTrue();
        assertThat(chats.history(chat).toCompletableFuture().get()).isEmpty();
        assertThat(settings.settings(chat).toCompletableFuture().get().model()).isEqualTo("gpt-4o");
        assertThat(chats.lockChat(chat, "replica-c", null, Duration.ofSeconds(5)).toCompletableFuture().get().isTaken())
                .as("/new's write let go of the chat").isTrue();
    }

    /** Asks until the stalled turn's lease lapsed on Redis's clock and a newer turn took the chat. */
    private static TurnStart takenOnceLapsed(java.util.function.Supplier<java.util.concurrent.CompletionStage<TurnStart>> ask) {
        java.util.concurrent.atomic.AtomicReference<TurnStart> taken = new java.util.concurrent.atomic.AtomicReference<>();
        dev.chatbot.testsupport.Eventually.await("the stalled turn's lease to lapse and a newer turn to take the chat",
                Duration.ofSeconds(10), () -> {
                    taken.set(ask.get().toCompletableFuture().join());
                    return taken.get().isTaken();
                });
        return taken.get();
    }
}
