package dev.chatbot.core.limits;

/** How long a limit's count runs before it starts again (in BOT_TIMEZONE). */
public enum Period {
    MINUTE("minute"),
    DAY("day"),
    MONTH("month");

    private final String word;

    Period(String word) {
        this.word = word;
    }

    /** As admins type it in /limit. */
    public String word() {
        return word;
    }
}
