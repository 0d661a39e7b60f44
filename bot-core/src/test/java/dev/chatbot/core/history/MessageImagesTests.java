package dev.chatbot.core.history;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.testsupport.TestRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Content parts in history: the JSON of old and new entries, image bytes beside the history, the newest few loaded. */
class MessageImagesTests {

    final String prefix = TestRedis.newPrefix();
    final RedisConnection redis = RedisConnection.connect(TestRedis.url(), Duration.ofSeconds(5));
    final RedisKeys keys = new RedisKeys(prefix);
    final JsonMapper json = JsonMapper.builder().build();
    final MessageJson format = new MessageJson(json);
    final RedisChatStore chats = new RedisChatStore(redis.async(), keys, json, 20, Duration.ofHours(1));
    final RedisImageStore images = new RedisImageStore(redis.async(), keys, Duration.ofHours(1));
    final ChatKey chat = ChatKey.of("telegram", "42");

    @AfterEach
    void cleanUp() {
        TestRedis.deleteKeys(prefix);
        redis.close();
    }

    @Test
    void an_entry_in_the_first_format_reads_as_one_text_part() {
        ChatMessage m = format.decode("{\"role\":\"assistant\",\"content\":\"hello \\\"there\\\"\"}");
        assertThat(m).isEqualTo(ChatMessage.assistant("hello \"there\""));
        assertThat(m.parts()).containsExactly(new ChatMessage.Text("hello \"there\""));
    }

    @Test
    void a_text_message_is_still_written_in_the_first_format() {
        assertThat(json.readTree(format.encode(ChatMessage.user("hi"))))
                .isEqualTo(json.readTree("{\"role\":\"user\",\"content\":\"hi\"}"));
    }

    @Test
    void an_image_message_keeps_its_reference_and_never_its_bytes() {
        ChatMessage sent = ChatMessage.user("what plant is this?",
                List.of(new ChatMessage.Image("p1", "image/jpeg", 800, 600, new byte[] {1, 2, 3})));
        String entry = format.encode(sent);
        assertThat(entry).doesNotContain("AQID"); // the bytes in base64
        ChatMessage read = format.decode(entry);
        assertThat(read).isEqualTo(ChatMessage.user("what plant is this?",
                List.of(ChatMessage.Image.ref("p1", "image/jpeg", 800, 600))));
        assertThat(read.text()).isEqualTo("what plant is this?\n\n[image]");
    }

    @Test
    void old_and_new_entries_share_one_history_and_retry_takes_back_a_photo_question() throws Exception {
        redis.async().rpush(keys.history(chat), "{\"role\":\"user\",\"content\":\"old question\"}",
                "{\"role\":\"assistant\",\"content\":\"old answer\"}").get();
        ChatMessage photo = ChatMessage.user("", List.of(ChatMessage.Image.ref("p1", "image/jpeg", 10, 10)));
        chats.append(chat, List.of(photo, ChatMessage.assistant("a fern"))).toCompletableFuture().get();

        assertThat(chats.history(chat).toCompletableFuture().get()).containsExactly(
                ChatMessage.user("old question"), ChatMessage.assistant("old answer"), photo, ChatMessage.assistant("a fern"));
        // /retry asks again the question its turn's lock read, and replaces the exchange in the turn's one write
        TurnStart retry = chats.beginTurn(chat, "replica-a", null, java.time.Duration.ofSeconds(5)).toCompletableFuture().get();
        assertThat(retry.history().subList(2, 4)).containsExactly(photo, ChatMessage.assistant("a fern"));
        assertThat(chats.appendAndEnd(chat, 2, List.of(photo, ChatMessage.assistant("a fern, again")), retry.lease())
                .toCompletableFuture().get()).isTrue();
        assertThat(chats.history(chat).toCompletableFuture().get()).containsExactly(
                ChatMessage.user("old question"), ChatMessage.assistant("old answer"), photo, ChatMessage.assistant("a fern, again"));
    }

    @Test
    void only_the_newest_images_are_loaded_older_ones_become_placeholders() throws Exception {
        for (String id : List.of("a", "b", "c")) {
            images.put(chat, id, id.getBytes(StandardCharsets.UTF_8)).toCompletableFuture().get();
        }
        assertThat(redis.async().ttl(keys.image(chat, "a")).get()).isBetween(3000L, 3600L);
        assertThat(keys.image(chat, "a")).isEqualTo(prefix + ":{c:telegram:42}:img:a");
        List<ChatMessage> prompt = List.of(
                ChatMessage.user("first", List.of(ChatMessage.Image.ref("a", "image/jpeg", 10, 10))),
                ChatMessage.assistant("ok"),
                ChatMessage.user("two more", List.of(ChatMessage.Image.ref("b", "image/jpeg", 10, 10),
                        ChatMessage.Image.ref("gone", "image/jpeg", 10, 10))),
                ChatMessage.assistant("ok"),
                ChatMessage.user("new", List.of(new ChatMessage.Image("d", "image/png", 10, 10, new byte[] {9}))));

        List<ChatMessage> loaded = new RecentImages(images, 3).load(chat, prompt).toCompletableFuture().get();

        assertThat(loaded.get(0).images().getFirst().isLoaded()).isFalse(); // the fourth newest: a placeholder
        assertThat(loaded.get(0).text()).isEqualTo("first\n\n[image]");
        assertThat(loaded.get(2).images().get(0).data()).isEqualTo("b".getBytes(StandardCharsets.UTF_8));
        assertThat(loaded.get(2).images().get(1).isLoaded()).isFalse(); // expired: nothing to load
        assertThat(loaded.get(4).images().getFirst().data()).containsExactly(9); // the new one keeps its bytes
    }

    @Test
    void a_loaded_image_costs_tokens_by_its_size_and_a_placeholder_a_few() {
        TokenCounter counter = new TokenCounter();
        ChatMessage.Image big = new ChatMessage.Image("x", "image/jpeg", 1568, 1176, new byte[1]);
        ChatMessage.Image tiny = new ChatMessage.Image("y", "image/jpeg", 16, 16, new byte[1]);
        assertThat(counter.count(ChatMessage.user("", List.of(big)))).isEqualTo(TokenCounter.PER_MESSAGE_OVERHEAD + 1600);
        assertThat(counter.count(ChatMessage.user("", List.of(tiny)))).isEqualTo(TokenCounter.PER_MESSAGE_OVERHEAD + 85);
        assertThat(counter.count(ChatMessage.user("", List.of(big.withoutData()))))
                .isEqualTo(counter.count(ChatMessage.user("[image]")));
    }
}
