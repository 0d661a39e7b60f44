package dev.chatbot.core.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One thing a limit can cap: a unit counted over a period, written "requests/day". */
public record Meter(Unit unit, Period period) {

    private static final List<Meter> ALL;

    static {
        List<Meter> all = new ArrayList<>();
        for (Period p : Period.values()) {
            for (Unit u : Unit.values()) {
                all.add(new Meter(u, p));
            }
        }
        ALL = List.copyOf(all);
    }

    public Meter {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(period, "period");
    }

    public static Meter of(Unit unit, Period period) {
        return new Meter(unit, period);
    }

    /** Every meter, period by period (minute, day, month), units in declaration order: the scripts' ARGV order. */
    public static List<Meter> all() {
        return ALL;
    }

    /** Position in {@link #all()}, 0-based. */
    public int index() {
        return period.ordinal() * Unit.values().length + unit.ordinal();
    }

    /** "requests/day": the admin's spelling and the field name in a limits hash. */
    public String key() {
        return unit.word() + "/" + period.word();
    }

    @Override
    public String toString() {
        return key();
    }
}
