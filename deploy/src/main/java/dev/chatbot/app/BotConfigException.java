package dev.chatbot.app;

/** The provider or model configuration cannot work; the message says what to fix. */
final class BotConfigException extends RuntimeException {

    BotConfigException(String message) {
        super(message);
    }

    BotConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
