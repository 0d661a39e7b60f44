package dev.chatbot.core.media;

/** A picture or recording the bot will not pass on; {@link #textKey()} names the note the user gets. */
public final class MediaRefusedException extends RuntimeException {

    private final String textKey;
    private final Object[] args;

    public MediaRefusedException(String textKey, String detail, Object... args) {
        super(detail);
        this.textKey = textKey;
        this.args = args;
    }

    /** What the note's text takes, e.g. the longest recording in minutes. */
    public Object[] args() {
        return args.clone();
    }

    /** The key of the user's note in the i18n texts, e.g. "photo.unreadable". */
    public String textKey() {
        return textKey;
    }
}
