package dev.chatbot.core.limits;

/** What a limit counts. Dollars are kept as whole micro-dollars, so sums stay exact in Redis. */
public enum Unit {
    REQUESTS("requests", "r"),
    TOKENS("tokens", "t"),
    USD("usd", "c"),
    /** Pictures drawn by /image: counted only by drawings, so "0 images/day" stops drawing, not chatting. */
    IMAGES("images", "i");

    /** Micro-dollars in one US dollar. */
    public static final long MICROS = 1_000_000L;

    private final String word;
    private final String field;

    Unit(String word, String field) {
        this.word = word;
        this.field = field;
    }

    /** As admins type it in /limit. */
    public String word() {
        return word;
    }

    /** The field of a usage hash in Redis. */
    String field() {
        return field;
    }

    /**
     * Whether a cap in this unit can refuse a call that would spend {@code estimate}: images only
     * refuse drawings, requests only a call that is a new request (not a tool round of a running
     * turn), every other unit refuses anything once used up.
     */
    boolean gates(Spend estimate) {
        return switch (this) {
            case IMAGES -> estimate.images() > 0;
            case REQUESTS -> estimate.requests() > 0;
            default -> true;
        };
    }
}
