package dev.chatbot.core.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.testsupport.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisInboxStoreTests {

    final String prefix = TestRedis.newPrefix();
    final RedisConnection redis = RedisConnection.connect(TestRedis.url(), Duration.ofSeconds(5));
    final RedisKeys keys = new RedisKeys(prefix);
    final RedisInboxStore store = new RedisInboxStore(redis.commands(), keys);

    @AfterEach
    void cleanUp() {
        TestRedis.deleteKeys(prefix);
        redis.close();
    }

    static InboxRecord event(String platform, String id, long receivedAt) {
        return InboxRecord.taken(platform, id, "payload " + id, "run-1", receivedAt);
    }

    @Test
    void a_redelivery_is_recognised_after_the_record_is_forgotten() throws Exception {
        assertThat(store.record(event("telegram", "41", 1), Duration.ofHours(1)).toCompletableFuture().get()).isTrue();
        assertThat(store.record(event("telegram", "41", 2), Duration.ofHours(1)).toCompletableFuture().get())
                .as("redelivered").isFalse();
        assertThat(store.left("telegram").toCompletableFuture().get()).containsExactly(event("telegram", "41", 1));

        store.forget("telegram", "41").toCompletableFuture().get();
        assertThat(store.left("telegram").toCompletableFuture().get()).isEmpty();
        assertThat(store.record(event("telegram", "41", 3), Duration.ofHours(1)).toCompletableFuture().get()).isFalse();
        assertThat(redis.commands().ttl(keys.seen("telegram", "41")).get()).isBetween(3000L, 3600L);
    }

    @Test
    void records_come_back_oldest_first_and_per_platform() throws Exception {
        store.record(event("telegram", "100", 5), Duration.ofHours(1)).toCompletableFuture().get();
        store.record(event("telegram", "9", 5), Duration.ofHours(1)).toCompletableFuture().get();
        store.record(event("telegram", "42", 1), Duration.ofHours(1)).toCompletableFuture().get();
        store.record(event("discord", "7", 1), Duration.ofHours(1)).toCompletableFuture().get();

        assertThat(store.left("telegram").toCompletableFuture().get()).extracting(InboxRecord::id)
                .containsExactly("42", "9", "100");
        assertThat(store.left("discord").toCompletableFuture().get()).extracting(InboxRecord::id).containsExactly("7");
    }

    @Test
    void the_keys_of_one_platform_share_a_hash_tag() {
        assertThat(keys.pending("telegram")).contains("{seen:telegram}");
        assertThat(keys.seen("telegram", "5")).contains("{seen:telegram}");
    }
}
