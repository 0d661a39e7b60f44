package dev.chatbot.core.redis;

/** Redis could not be reached or configured; the message tells an operator what to check. */
public final class RedisUnavailableException extends RuntimeException {

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
