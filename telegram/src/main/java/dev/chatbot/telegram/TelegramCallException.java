package dev.chatbot.telegram;

import java.util.Locale;

/** A Bot API call failed; carries Telegram's description, never the token. */
final class TelegramCallException extends RuntimeException {

    private final Integer errorCode;

    TelegramCallException(Integer errorCode, String description) {
        super((errorCode == null ? "" : errorCode + " ") + description, null, false, false);
        this.errorCode = errorCode;
    }

    Integer errorCode() {
        return errorCode;
    }

    /** Telegram refuses edits that change nothing; for us that is success. */
    boolean isNotModified() {
        return getMessage() != null && getMessage().contains("message is not modified");
    }

    /** The message to edit was deleted (by the user, or by an admin in a group). */
    boolean isMessageGone() {
        return errorCode != null && errorCode == 400 && getMessage() != null
                && getMessage().contains("message to edit not found");
    }

    /** A 400 about the message's entities ("can't parse entities", "entity beginning at ..."). */
    boolean isAboutEntities() {
        return errorCode != null && errorCode == 400 && getMessage() != null
                && getMessage().toLowerCase(Locale.ROOT).contains("entit");
    }
}
