package dev.chatbot.core.limits;

/**
 * What a user used, or is about to use: requests, tokens and cost in micro-dollars.
 */
public record Spend(long requests, long tokens, long microUsd) {

    public static final Spend NOTHING = new Spend(0, 0, 0);

    public long get(Unit unit) {
        return switch (unit) {
            case REQUESTS -> requests;
            case TOKENS -> tokens;
            case USD -> microUsd;
        };
    }

    public Spend plus(Spend other) {
        return new Spend(requests + other.requests, tokens + other.tokens, microUsd + other.microUsd);
    }

    /** US dollars as whole micro-dollars, rounded. */
    public static long micros(double usd) {
        return Math.round(usd * Unit.MICROS);
    }
}
