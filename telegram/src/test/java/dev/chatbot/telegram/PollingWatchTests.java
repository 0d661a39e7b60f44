package dev.chatbot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The watch's judgement over time, on a clock the test moves. */
class PollingWatchTests {

    /** A clock that moves only when told. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    final ManualClock clock = new ManualClock();
    final PollingWatch watch = new PollingWatch(clock, 50);

    @Test
    void a_409_keeps_the_bot_unready_through_the_other_pollers_turns_until_two_quiet_minutes() {
        watch.started();
        watch.answered();
        assertThat(watch.readiness().state()).isEqualTo(TelegramReadiness.State.READY);
        watch.conflict("Conflict: terminated by other getUpdates request");
        clock.advance(Duration.ofSeconds(30));
        watch.answered(); // our turn: the other instance still polls
        assertThat(watch.readiness().state()).isEqualTo(TelegramReadiness.State.NOT_READY);
        assertThat(watch.readiness().detail()).contains(PollingWatch.CONFLICT_HINT);
        clock.advance(PollingWatch.CONFLICT_MEMORY);
        watch.answered();
        assertThat(watch.readiness().state()).isEqualTo(TelegramReadiness.State.READY);
    }

    @Test
    void a_failure_is_a_blip_three_in_a_row_are_not_and_one_answer_ends_them() {
        watch.started();
        watch.failed("502 Bad Gateway");
        watch.failed("502 Bad Gateway");
        assertThat(watch.readiness().state()).isEqualTo(TelegramReadiness.State.READY);
        watch.failed("connection refused");
        assertThat(watch.readiness().state()).isEqualTo(TelegramReadiness.State.NOT_READY);
        assertThat(watch.readiness().detail()).isEqualTo("getUpdates failed 3 times in a row: connection refused");
        watch.answered();
        assertThat(watch.readiness().state()).isEqualTo(TelegramReadiness.State.READY);
    }

    @Test
    void silence_well_beyond_the_long_poll_timeout_means_polling_is_stuck() {
        watch.started();
        clock.advance(Duration.ofSeconds(100));
        assertThat(watch.readiness().state()).isEqualTo(TelegramReadiness.State.READY);
        watch.answered();
        clock.advance(Duration.ofSeconds(111));
        assertThat(watch.readiness().state()).isEqualTo(TelegramReadiness.State.NOT_READY);
        assertThat(watch.readiness().detail()).isEqualTo("no answer to getUpdates for 111 s");
    }

    @Test
    void failures_while_stopping_are_the_cancelled_last_poll_not_an_outage() {
        watch.started();
        watch.stopping();
        watch.failed("Canceled");
        watch.failed("Canceled");
        watch.failed("Canceled");
        assertThat(watch.readiness().state()).isEqualTo(TelegramReadiness.State.READY);
    }
}
