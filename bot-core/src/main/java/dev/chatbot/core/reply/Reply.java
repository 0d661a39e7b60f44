package dev.chatbot.core.reply;

import java.util.function.Supplier;

/**
 * An answer being shown while the model writes it. The engine hands it the whole text so far;
 * the implementation decides when the platform sees it.
 */
public interface Reply {

    /** The text so far; cheap, called for every token. */
    void update(String textSoFar);

    /**
     * The text has grown; {@code textSoFar} gives all of it. For callers that would otherwise copy
     * the whole text on every token: an implementation may read it only when it is about to show
     * it. The supplier must be safe to call from another thread.
     */
    default void grow(Supplier<String> textSoFar) {
        update(textSoFar.get());
    }

    /** The final text; returns once it is shown (or showing it has been given up). */
    void finish(String finalText);

    /** Ends the answer with a short explanation, keeping whatever was already shown. */
    void fail(String message);

    /**
     * Stops showing the answer without a final text, because the app is stopping and the
     * message will be answered again after the restart.
     */
    default void abandon() {
    }
}
