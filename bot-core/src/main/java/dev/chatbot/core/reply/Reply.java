package dev.chatbot.core.reply;

import java.util.List;
import java.util.function.Supplier;

/**
 * An answer being shown while the model writes it, in the shape the platform allows: edited in
 * place ({@link EditInPlaceReply}), answered before a deadline or pushed later
 * ({@link DeadlineReply}), or read by the platform's polls ({@link PolledReply}). The engine hands
 * it the whole text so far and, at the end, the final text with any notes (failure, stopped)
 * already written; the shape decides when and how the platform sees it, and adds nothing.
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

    /** The final text, shown as given; returns once it is shown (or showing it has been given up). */
    void finish(String finalText);

    /** The final text with buttons under it; shapes without buttons list the commands instead. */
    default void finish(String finalText, List<Choice> choices) {
        finish(Choice.listed(finalText, choices));
    }

    /**
     * Runs {@code firstShown} once, when the answer's text first reaches the user on the platform (a
     * message, a preview, a poll that carried it, a passive reply or a push): not when the first token
     * came, which the chat's pace may hold back. Call before the first {@link #update}.
     */
    default void whenShown(Runnable firstShown) {
    }

    /**
     * Stops showing the answer without a final text, because the app is stopping and the
     * message will be answered again after the restart.
     */
    void abandon();
}
