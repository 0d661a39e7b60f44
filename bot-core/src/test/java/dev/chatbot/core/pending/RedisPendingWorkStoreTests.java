package dev.chatbot.core.pending;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.testsupport.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisPendingWorkStoreTests {

    final String prefix = TestRedis.newPrefix();
    final RedisConnection redis = RedisConnection.connect(TestRedis.url(), Duration.ofSeconds(5));
    final RedisKeys keys = new RedisKeys(prefix);
    final RedisPendingWorkStore store = new RedisPendingWorkStore(redis.async(), keys, Duration.ofHours(1));

    @AfterEach
    void cleanUp() {
        TestRedis.deleteKeys(prefix);
        redis.close();
    }

    @Test
    void new_work_is_pending_until_completed_and_a_redelivery_is_recognised() throws Exception {
        assertThat(store.accept("telegram", "41", "{\"update_id\":41}").toCompletableFuture().get()).isTrue();
        assertThat(store.accept("telegram", "41", "{\"update_id\":41}").toCompletableFuture().get()).as("redelivered").isFalse();
        assertThat(store.pending("telegram").toCompletableFuture().get())
                .containsExactly(new PendingWork("41", "{\"update_id\":41}"));

        store.complete("telegram", "41").toCompletableFuture().get();
        assertThat(store.pending("telegram").toCompletableFuture().get()).isEmpty();
        assertThat(store.accept("telegram", "41", "{}").toCompletableFuture().get())
                .as("still recognised after completion").isFalse();
        assertThat(redis.async().ttl(keys.seen("telegram", "41")).get()).isBetween(3000L, 3600L);
    }

    @Test
    void pending_work_comes_back_oldest_first_and_per_platform() throws Exception {
        for (String id : new String[] {"100", "9", "42"}) {
            store.accept("telegram", id, "u" + id).toCompletableFuture().get();
        }
        store.accept("discord", "7", "d7").toCompletableFuture().get();
        assertThat(store.pending("telegram").toCompletableFuture().get()).extracting(PendingWork::id)
                .containsExactly("9", "42", "100");
        assertThat(store.pending("discord").toCompletableFuture().get()).containsExactly(new PendingWork("7", "d7"));
    }

    @Test
    void the_keys_of_one_platform_share_a_hash_tag() {
        assertThat(keys.pending("telegram")).contains("{seen:telegram}");
        assertThat(keys.seen("telegram", "5")).contains("{seen:telegram}");
    }
}
