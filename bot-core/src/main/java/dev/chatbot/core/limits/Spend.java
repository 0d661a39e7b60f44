package dev.chatbot.core.limits;

/**
 * What a user used, or is about to use: requests, tokens, cost in micro-dollars and pictures drawn.
 */
public record Spend(long requests, long tokens, long microUsd, long images) {

    public static final Spend NOTHING = new Spend(0, 0, 0, 0);

    /** A spend that draws nothing: a chat answer or a transcription. */
    public Spend(long requests, long tokens, long microUsd) {
        this(requests, tokens, microUsd, 0);
    }

    public long get(Unit unit) {
        return switch (unit) {
            case REQUESTS -> requests;
            case TOKENS -> tokens;
            case USD -> microUsd;
            case IMAGES -> images;
        };
    }

    public Spend plus(Spend other) {
        return new Spend(requests + other.requests, tokens + other.tokens, microUsd + other.microUsd,
                images + other.images);
    }

    /** US dollars as whole micro-dollars, rounded. */
    public static long micros(double usd) {
        return Math.round(usd * Unit.MICROS);
    }
}
