package dev.chatbot.telegram;

/** The bot cannot start on Telegram; the message says what is wrong and the action what to do. */
public final class TelegramStartupException extends RuntimeException {

    static final String CHECK_TOKEN_AND_API = "Check BOT_TELEGRAM_TOKEN (from @BotFather) and BOT_TELEGRAM_API_URL.";

    private final String action;

    TelegramStartupException(String message) {
        this(message, CHECK_TOKEN_AND_API);
    }

    TelegramStartupException(String message, String action) {
        super(message);
        this.action = action;
    }

    /** What the operator should change. */
    public String action() {
        return action;
    }
}
