package dev.chatbot.telegram;

/** The bot cannot start on Telegram; the message says what to fix. */
public final class TelegramStartupException extends RuntimeException {

    TelegramStartupException(String message) {
        super(message);
    }
}
