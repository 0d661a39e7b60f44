package dev.chatbot.core.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChatPaceTests {

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final ChatPace pace = new ChatPace(Duration.ofMillis(500), now::get);

    void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void one_call_per_interval() {
        assertThat(pace.waitTime()).isZero();
        pace.sent();
        assertThat(pace.waitTime()).isEqualTo(Duration.ofMillis(500));
        advance(Duration.ofMillis(200));
        assertThat(pace.waitTime()).isEqualTo(Duration.ofMillis(300));
        advance(Duration.ofMillis(300));
        assertThat(pace.waitTime()).isZero();
    }

    @Test
    void a_429_holds_calls_for_the_retry_after_and_doubles_the_interval_up_to_a_cap() {
        pace.pause(Duration.ofSeconds(2));
        assertThat(pace.waitTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(pace.interval()).isEqualTo(Duration.ofSeconds(1));
        for (int i = 0; i < 10; i++) {
            pace.pause(Duration.ZERO);
        }
        assertThat(pace.interval()).isEqualTo(Duration.ofMillis(500L * ChatPace.MAX_SLOWDOWN));
    }

    @Test
    void the_interval_recovers_after_a_run_of_calls_without_a_429() {
        pace.pause(Duration.ZERO);
        pace.pause(Duration.ZERO);
        assertThat(pace.interval()).isEqualTo(Duration.ofSeconds(2));
        for (int i = 0; i < ChatPace.CALLS_TO_RECOVER; i++) {
            pace.sent();
        }
        assertThat(pace.interval()).isEqualTo(Duration.ofSeconds(1));
        for (int i = 0; i < 5 * ChatPace.CALLS_TO_RECOVER; i++) {
            pace.sent();
        }
        assertThat(pace.interval()).as("never quicker than configured").isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void hold_waits_without_slowing_down() {
        pace.hold(Duration.ofSeconds(3));
        assertThat(pace.waitTime()).isEqualTo(Duration.ofSeconds(3));
        assertThat(pace.interval()).isEqualTo(Duration.ofMillis(500));
    }
}
