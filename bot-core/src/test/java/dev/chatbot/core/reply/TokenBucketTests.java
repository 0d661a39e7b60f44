package dev.chatbot.core.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTests {

    final AtomicLong now = new AtomicLong(5_000_000_000L);
    final TokenBucket bucket = new TokenBucket(30, 30, now::get);

    @Test
    void a_burst_goes_at_once_then_callers_queue_at_the_rate() {
        for (int i = 0; i < 30; i++) {
            assertThat(bucket.reserve()).as("call %d of the burst", i).isZero();
        }
        // each further caller waits one more 1/30 s behind the one before
        assertThat(bucket.reserve().toMillis()).isBetween(33L, 34L);
        assertThat(bucket.reserve().toMillis()).isBetween(66L, 67L);
        assertThat(bucket.reserve().toMillis()).isBetween(99L, 100L);
    }

    @Test
    void the_budget_refills_with_time_but_never_beyond_the_burst() {
        for (int i = 0; i < 30; i++) {
            bucket.reserve();
        }
        now.addAndGet(Duration.ofMillis(100).toNanos()); // 3 calls' worth
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isZero();
        assertThat(bucket.reserve()).isPositive();

        now.addAndGet(Duration.ofMinutes(10).toNanos());
        int free = 0;
        while (bucket.reserve().isZero()) {
            free++;
        }
        assertThat(free).isEqualTo(30);
    }

    @Test
    void a_nonsense_rate_is_refused() {
        assertThatThrownBy(() -> new TokenBucket(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
