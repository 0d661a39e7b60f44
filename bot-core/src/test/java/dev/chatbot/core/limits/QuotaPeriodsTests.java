package dev.chatbot.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QuotaPeriodsTests {

    @Test
    void day_and_month_follow_the_configured_zone() {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-31T15:59:30Z"));
        QuotaPeriods shanghai = new QuotaPeriods(clock, ZoneId.of("Asia/Shanghai"));

        Window w = shanghai.current();
        assertThat(w.dayId()).isEqualTo("d:20250131");
        assertThat(w.monthId()).isEqualTo("M:202501");
        assertThat(w.dayEnds()).isEqualTo(Instant.parse("2025-01-31T16:00:00Z"));
        assertThat(w.monthEnds()).isEqualTo(Instant.parse("2025-01-31T16:00:00Z"));
        assertThat(w.minuteEnds()).isEqualTo(Instant.parse("2025-01-31T16:00:00Z"));

        clock.advance(Duration.ofSeconds(31)); // 00:00:01 on 1 February in Shanghai
        Window next = shanghai.current();
        assertThat(next.dayId()).isEqualTo("d:20250201");
        assertThat(next.monthId()).isEqualTo("M:202502");
        assertThat(next.minuteId()).isNotEqualTo(w.minuteId());
        assertThat(next.monthEnds()).isEqualTo(Instant.parse("2025-02-28T16:00:00Z"));

        // the same instant is still 31 January in UTC
        Window utc = new QuotaPeriods(clock, ZoneId.of("UTC")).current();
        assertThat(utc.dayId()).isEqualTo("d:20250131");
        assertThat(utc.dayEnds()).isEqualTo(Instant.parse("2025-02-01T00:00:00Z"));
    }

    @Test
    void a_day_with_a_daylight_saving_change_ends_at_local_midnight() {
        MutableClock clock = new MutableClock(Instant.parse("2025-03-30T12:00:00Z"));
        Window berlin = new QuotaPeriods(clock, ZoneId.of("Europe/Berlin")).current();
        assertThat(berlin.dayId()).isEqualTo("d:20250330");
        assertThat(berlin.dayEnds()).isEqualTo(Instant.parse("2025-03-30T22:00:00Z")); // CEST midnight
    }

    @Test
    void minutes_are_whole_minutes_of_the_clock() {
        MutableClock clock = new MutableClock(Instant.parse("2025-05-05T10:20:59.900Z"));
        QuotaPeriods periods = new QuotaPeriods(clock, ZoneId.of("UTC"));
        Window a = periods.current();
        clock.advance(Duration.ofMillis(100));
        Window b = periods.current();
        assertThat(a.minuteId()).isNotEqualTo(b.minuteId());
        assertThat(a.resetsAt(Period.MINUTE)).isEqualTo(Instant.parse("2025-05-05T10:21:00Z"));
        assertThat(b.resetsAt(Period.MINUTE)).isEqualTo(Instant.parse("2025-05-05T10:22:00Z"));
    }
}
