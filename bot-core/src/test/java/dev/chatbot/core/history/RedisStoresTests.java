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
    final RedisChatStore chats = new RedisChatStore(redis.commands(), keys, JsonMapper.builder().build(), 4, Duration.ofHours(1));
    final RedisSettingsStore settings = new RedisSettingsStore(redis.commands(), keys);
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
        long ttl = redis.commands().ttl(keys.history(chat)).get();
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
        settings.setModel(chat, "gpt-4o").toCompletableFuture().get();
        settings.setSystemPrompt(chat, "You are a pirate.").toCompletableFuture().get();
        assertThat(settings.settings(chat).toCompletableFuture().get()).isEqualTo(new ChatSettings("gpt-4o", "You are a pirate."));
        settings.setSystemPrompt(chat, null).toCompletableFuture().get();
        assertThat(settings.settings(chat).toCompletableFuture().get()).isEqualTo(new ChatSettings("gpt-4o", null));
    }

    @Test
    void the_append_script_reloads_itself_after_redis_forgot_it() throws Exception {
        redis.commands().scriptFlush().get();
        chats.append(chat, List.of(ChatMessage.user("after flush"))).toCompletableFuture().get();
        assertThat(chats.history(chat).toCompletableFuture().get()).containsExactly(ChatMessage.user("after flush"));
    }

    @Test
    void remove_last_exchange_returns_the_question_and_drops_its_answer() throws Exception {
        assertThat(chats.removeLastExchange(chat).toCompletableFuture().get()).isEmpty();
        chats.append(chat, List.of(ChatMessage.user("q1"), ChatMessage.assistant("a1"),
                ChatMessage.user("q2"), ChatMessage.assistant("a2"))).toCompletableFuture().get();

        assertThat(chats.removeLastExchange(chat).toCompletableFuture().get()).contains(ChatMessage.user("q2"));
        assertThat(chats.history(chat).toCompletableFuture().get())
                .containsExactly(ChatMessage.user("q1"), ChatMessage.assistant("a1"));
    }
}
