package dev.chatbot.core.limits;

import dev.chatbot.core.i18n.Texts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/** Turns limits, use and reset times into the short texts users and admins read. */
public final class QuotaTexts {

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");
    private static final int TOP_USERS = 5;

    private final Texts texts;
    private final QuotaPeriods periods;

    public QuotaTexts(Texts texts, QuotaPeriods periods) {
        this.texts = texts;
        this.periods = periods;
    }

    public String text(String lang, String key, Object... args) {
        return texts.get(lang, key, args);
    }

    // ---- amounts -------------------------------------------------------------------------------

    /** "50", "20,000", "$5.00": a bare amount of the unit. */
    public static String number(Unit unit, long value) {
        return unit == Unit.USD ? usd(value) : String.format(Locale.ROOT, "%,d", value);
    }

    /** "50 requests", "1 token", "$5.00". */
    public String amount(String lang, Unit unit, long value) {
        if (unit == Unit.USD) {
            return usd(value);
        }
        String key = "unit." + unit.word() + (value == 1 ? ".one" : "");
        return texts.get(lang, key, number(unit, value));
    }

    /** "50 requests per day". */
    public String cap(String lang, Meter meter, long cap) {
        return texts.get(lang, "limit.phrase", amount(lang, meter.unit(), cap), per(lang, meter.period()));
    }

    /** "requests per day", for a limit without an amount. */
    public String meter(String lang, Meter meter) {
        return texts.get(lang, "limit.phrase", texts.get(lang, "unit.name." + meter.unit().word()), per(lang, meter.period()));
    }

    private String per(String lang, Period period) {
        return texts.get(lang, "per." + period.word());
    }

    /** Dollars from micro-dollars: cents from a cent up, else four decimals, so small sums don't show as $0.00. */
    static String usd(long micros) {
        BigDecimal dollars = BigDecimal.valueOf(micros).movePointLeft(6);
        if (micros == 0 || Math.abs(micros) >= 10_000) {
            return "$" + dollars.setScale(2, RoundingMode.HALF_UP).toPlainString();
        }
        if (Math.abs(micros) < 100) {
            return "<$0.0001";
        }
        return "$" + dollars.setScale(4, RoundingMode.HALF_UP).toPlainString();
    }

    // ---- time ----------------------------------------------------------------------------------

    /** "in 42 s" for the minute, else "at 2025-01-16 00:00 UTC (in 5 h 12 min)". */
    public String resets(String lang, Period period, Instant at) {
        Duration left = Duration.between(periods.current().now(), at);
        if (period == Period.MINUTE) {
            return texts.get(lang, "reset.in", duration(lang, left));
        }
        String when = AT.format(at.atZone(periods.zone())) + " " + periods.zone().getId();
        return texts.get(lang, "reset.at", when, duration(lang, left));
    }

    String duration(String lang, Duration d) {
        long seconds = Math.max(1, (d.toMillis() + 999) / 1000);
        if (seconds < 60) {
            return texts.get(lang, "duration.seconds", seconds);
        }
        long minutes = (seconds + 59) / 60;
        if (minutes < 60) {
            return texts.get(lang, "duration.minutes", minutes);
        }
        if (minutes < 24 * 60) {
            return minutes % 60 == 0 ? texts.get(lang, "duration.hours.whole", minutes / 60)
                    : texts.get(lang, "duration.hours", minutes / 60, minutes % 60);
        }
        long hours = minutes / 60;
        return hours % 24 == 0 ? texts.get(lang, "duration.days.whole", hours / 24)
                : texts.get(lang, "duration.days", hours / 24, hours % 24);
    }

    // ---- turns -----------------------------------------------------------------------------------

    public String overLimit(String lang, Admission.OverLimit over) {
        Meter m = over.meter();
        if (over.cap() == 0) {
            return texts.get(lang, "quota.over.none", cap(lang, m, 0));
        }
        if (m.period() == Period.MINUTE) {
            return texts.get(lang, "quota.over.minute", cap(lang, m, over.cap()), resets(lang, m.period(), over.resetsAt()));
        }
        return texts.get(lang, "quota.over", number(m.unit(), over.used()), cap(lang, m, over.cap()),
                resets(lang, m.period(), over.resetsAt()));
    }

    public String headsUp(String lang, HeadsUp h) {
        Meter m = h.meter();
        long percent = h.cap() == 0 ? 100 : Math.min(999, h.used() * 100 / h.cap());
        return texts.get(lang, "quota.heads.up", number(m.unit(), h.used()), cap(lang, m, h.cap()), percent,
                resets(lang, m.period(), h.resetsAt()));
    }

    // ---- reports ---------------------------------------------------------------------------------

    /** @param who how to name the user, or null when they asked about themselves */
    public String usage(String lang, UsageReport report, String who) {
        List<String> lines = new ArrayList<>();
        lines.add(who == null ? texts.get(lang, "usage.title.self") : texts.get(lang, "usage.title.other", who));
        if (report.banned()) {
            lines.add(texts.get(lang, "usage.banned"));
        }
        for (Period p : List.of(Period.DAY, Period.MONTH)) {
            Spend used = report.used(p);
            lines.add(texts.get(lang, p == Period.DAY ? "usage.today" : "usage.month", spent(lang, used)));
            boolean capped = false;
            for (Unit u : Unit.values()) {
                Meter m = Meter.of(u, p);
                OptionalLong cap = report.limits().cap(m);
                if (cap.isPresent()) {
                    capped = true;
                    long left = Math.max(0, cap.getAsLong() - used.get(u));
                    lines.add(texts.get(lang, "usage.limit", number(u, used.get(u)), cap(lang, m, cap.getAsLong()),
                            number(u, left)));
                }
            }
            lines.add(capped ? texts.get(lang, "usage.resets", resets(lang, p, report.window().resetsAt(p)))
                    : texts.get(lang, "usage.no.limits"));
        }
        for (Unit u : Unit.values()) {
            Meter m = Meter.of(u, Period.MINUTE);
            OptionalLong cap = report.limits().cap(m);
            if (cap.isPresent()) {
                lines.add(texts.get(lang, "usage.rate", cap(lang, m, cap.getAsLong())));
            }
        }
        lines.add(texts.get(lang, "usage.cost.note"));
        return String.join("\n", lines);
    }

    /** "3 requests, 1,200 tokens, ≈ $0.0012", and "2 images" after the tokens when something was drawn. */
    public String spent(String lang, Spend s) {
        if (s.images() > 0) {
            return texts.get(lang, "usage.spent.images", amount(lang, Unit.REQUESTS, s.requests()),
                    amount(lang, Unit.TOKENS, s.tokens()), amount(lang, Unit.IMAGES, s.images()), usd(s.microUsd()));
        }
        return texts.get(lang, "usage.spent", amount(lang, Unit.REQUESTS, s.requests()),
                amount(lang, Unit.TOKENS, s.tokens()), usd(s.microUsd()));
    }

    /** @param usernames "platform:userId" to username, for the users known by name */
    public String stats(String lang, StatsReport report, Map<String, String> usernames) {
        Function<String, String> name = ref -> usernames.containsKey(ref) ? "@" + usernames.get(ref) : ref;
        List<String> lines = new ArrayList<>();
        lines.add(texts.get(lang, "stats.today", DAY.format(report.window().now().atZone(periods.zone()))));
        period(lang, report.today(), name, lines);
        lines.add(texts.get(lang, "stats.month", MONTH.format(report.window().now().atZone(periods.zone()))));
        period(lang, report.month(), name, lines);
        return String.join("\n", lines);
    }

    private void period(String lang, StatsReport.PeriodStats stats, Function<String, String> name, List<String> lines) {
        if (stats.byModel().isEmpty()) {
            lines.add(texts.get(lang, "stats.none"));
            return;
        }
        for (Map.Entry<String, Spend> e : stats.models()) {
            lines.add(texts.get(lang, "stats.line", e.getKey(), spent(lang, e.getValue())));
        }
        lines.add(texts.get(lang, "stats.total", spent(lang, stats.total())));
        lines.add(texts.get(lang, "stats.top"));
        for (Map.Entry<String, Spend> e : stats.topUsers(TOP_USERS)) {
            lines.add(texts.get(lang, "stats.user", name.apply(e.getKey()), spent(lang, e.getValue())));
        }
    }
}
