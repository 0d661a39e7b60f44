package dev.chatbot.core.limits;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Caps per meter, in the unit's base amount (requests, tokens, micro-dollars). A meter may be
 * absent (this layer says nothing) or {@link #UNLIMITED} (this layer lifts any cap below it), so
 * layers stack: a user's overrides over the admins' defaults over the configured defaults.
 */
public final class Limits {

    public static final long UNLIMITED = -1;

    private static final Limits NONE = new Limits(Map.of());

    private final Map<Meter, Long> caps;

    private Limits(Map<Meter, Long> caps) {
        this.caps = caps;
    }

    public static Limits none() {
        return NONE;
    }

    public Limits with(Meter meter, long amount) {
        if (amount < UNLIMITED) {
            throw new IllegalArgumentException("A limit cannot be negative: " + amount);
        }
        Map<Meter, Long> copy = new LinkedHashMap<>(caps);
        copy.put(meter, amount);
        return new Limits(Map.copyOf(copy));
    }

    /** This layer with {@code upper}'s entries on top. */
    public Limits overriddenBy(Limits upper) {
        if (upper.caps.isEmpty()) {
            return this;
        }
        Map<Meter, Long> merged = new LinkedHashMap<>(caps);
        merged.putAll(upper.caps);
        return new Limits(Map.copyOf(merged));
    }

    /** The cap on {@code meter}; empty when there is none. */
    public OptionalLong cap(Meter meter) {
        Long v = caps.get(meter);
        return v == null || v == UNLIMITED ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** The entries this layer sets, UNLIMITED included, in meter order. */
    public Map<Meter, Long> entries() {
        Map<Meter, Long> out = new LinkedHashMap<>();
        for (Meter m : Meter.all()) {
            if (caps.containsKey(m)) {
                out.put(m, caps.get(m));
            }
        }
        return out;
    }

    public boolean isEmpty() {
        return caps.isEmpty();
    }

    /** One value per meter of {@link Meter#all()}, "-1" where there is no cap: how scripts take defaults. */
    String[] scriptArgs() {
        String[] args = new String[Meter.all().size()];
        for (Meter m : Meter.all()) {
            OptionalLong cap = cap(m);
            args[m.index()] = Long.toString(cap.isPresent() ? cap.getAsLong() : UNLIMITED);
        }
        return args;
    }

    /** Reads a limits hash; fields that are not meters (the ban flag) or not numbers are skipped. */
    static Limits fromHash(Map<String, String> hash) {
        if (hash == null || hash.isEmpty()) {
            return NONE;
        }
        Map<Meter, Long> caps = new LinkedHashMap<>();
        for (Meter m : Meter.all()) {
            String v = hash.get(m.key());
            if (v != null) {
                try {
                    caps.put(m, Math.max(UNLIMITED, Long.parseLong(v)));
                } catch (NumberFormatException ignored) {
                    // a hand-edited value that is not a number: treat as unset rather than fail every turn
                }
            }
        }
        return new Limits(Map.copyOf(caps));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Limits other && caps.equals(other.caps);
    }

    @Override
    public int hashCode() {
        return caps.hashCode();
    }

    @Override
    public String toString() {
        return "Limits" + entries();
    }
}
