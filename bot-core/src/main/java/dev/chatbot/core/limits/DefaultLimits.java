package dev.chatbot.core.limits;

import java.util.concurrent.CompletableFuture;

/**
 * The limits of everyone without limits of their own: those admins set from the chat
 * (/limit default ...) over those from configuration (bot.limits.*).
 */
public final class DefaultLimits {

    private final Limits configured;
    private final LimitStore store;

    public DefaultLimits(Limits configured, LimitStore store) {
        this.configured = configured;
        this.store = store;
    }

    public Limits configured() {
        return configured;
    }

    /** Issues the read at once, so a caller can let it share a round trip with its other reads. */
    public CompletableFuture<Limits> current() {
        return store.defaults().toCompletableFuture().thenApply(configured::overriddenBy);
    }
}
