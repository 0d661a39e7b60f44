package dev.chatbot.core.limits;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where the current minute, day and month of limits begin and end. Days and months follow the
 * calendar of {@code zone} (BOT_TIMEZONE), so "today" ends at that zone's midnight, daylight
 * saving included; minutes are the clock's.
 */
public final class QuotaPeriods {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");

    private final Clock clock;
    private final ZoneId zone;

    public QuotaPeriods(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    public Window current() {
        Instant now = clock.instant();
        long minute = Math.floorDiv(now.getEpochSecond(), 60);
        LocalDate today = now.atZone(zone).toLocalDate();
        ZonedDateTime dayEnds = today.plusDays(1).atStartOfDay(zone);
        ZonedDateTime monthEnds = today.withDayOfMonth(1).plusMonths(1).atStartOfDay(zone);
        return new Window(now, zone,
                "m:" + minute, "d:" + DAY.format(today), "M:" + MONTH.format(today),
                Instant.ofEpochSecond((minute + 1) * 60), dayEnds.toInstant(), monthEnds.toInstant());
    }
}
