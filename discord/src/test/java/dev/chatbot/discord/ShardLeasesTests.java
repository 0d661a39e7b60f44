package dev.chatbot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.testsupport.Eventually;
import dev.chatbot.testsupport.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** BOT_DISCORD_SHARDS=auto/N on a real Redis: the replicas split the shards, and a dead one's are taken over. */
class ShardLeasesTests {

    static final Duration LEASE = Duration.ofMillis(400);

    final String prefix = TestRedis.newPrefix();
    final RedisConnection redis = RedisConnection.connect(TestRedis.url(), Duration.ofSeconds(5));
    final AtomicLong now = new AtomicLong(1_000_000);
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };

    @AfterEach
    void cleanUp() {
        TestRedis.deleteKeys(prefix);
        redis.close();
    }

    ShardLeases replica(String name, int total) {
        return new ShardLeases(redis, prefix, name, total, LEASE, clock);
    }

    static List<Integer> round(ShardLeases leases) {
        return leases.round().toCompletableFuture().join();
    }

    @Test
    void two_replicas_split_the_shards_and_the_first_gives_back_what_is_above_its_share() {
        ShardLeases a = replica("a", 2);
        ShardLeases b = replica("b", 2);
        assertThat(round(a)).as("alone, it runs them all").containsExactly(0, 1);
        assertThat(round(b)).as("nothing free yet").isEmpty();
        assertThat(round(a)).as("two replicas: one each").containsExactly(0);
        assertThat(round(b)).containsExactly(1);
        assertThat(round(a)).as("renewed, not moved").containsExactly(0);
        assertThat(round(b)).containsExactly(1);
    }

    @Test
    void a_dead_replicas_shards_are_taken_within_a_lease() {
        ShardLeases a = replica("a", 3);
        ShardLeases b = replica("b", 3);
        round(a);
        round(b);
        round(a);
        assertThat(round(b)).hasSize(1);
        assertThat(round(a)).hasSize(2);
        // a stops renewing: its place among the replicas lapses on the clock, its shard leases in Redis
        now.addAndGet(LEASE.toMillis() + 1);
        Eventually.await("b to hold every shard", Duration.ofSeconds(10), () -> round(b).equals(List.of(0, 1, 2)));
    }

    @Test
    void a_replica_that_stops_gives_its_shards_back_at_once() {
        ShardLeases a = replica("a", 2);
        ShardLeases b = replica("b", 2);
        round(a);
        round(b);
        round(a);
        assertThat(round(b)).containsExactly(1);
        b.release().toCompletableFuture().join();
        assertThat(round(a)).as("without waiting for b's lease").containsExactly(0, 1);
    }
}
