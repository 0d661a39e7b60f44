package dev.chatbot.core.reply;

import java.time.Duration;

/** The platform asked us to wait before the next send or edit in this chat. */
public final class ReplyRateLimitedException extends RuntimeException {

    private final Duration retryAfter;

    public ReplyRateLimitedException(Duration retryAfter) {
        super("rate limited, retry after " + retryAfter.toMillis() + " ms", null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
