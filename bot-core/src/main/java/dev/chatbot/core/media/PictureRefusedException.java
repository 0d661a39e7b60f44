package dev.chatbot.core.media;

/** A picture the bot will not pass on; {@link #textKey()} names the note the user gets. */
public final class PictureRefusedException extends RuntimeException {

    private final String textKey;

    public PictureRefusedException(String textKey, String detail) {
        super(detail);
        this.textKey = textKey;
    }

    /** The key of the user's note in the i18n texts, e.g. "photo.unreadable". */
    public String textKey() {
        return textKey;
    }
}
