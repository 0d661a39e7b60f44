package dev.chatbot.core.reply;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What an answer leaves behind for the message it answers, so that a later start continues it
 * instead of showing it twice: the platform messages it fills, and at the end that it is complete,
 * saved together with its history. The inbox keeps one per message it hands over; elsewhere
 * nothing is kept ({@link #NONE}).
 */
public interface AnswerJournal {

    AnswerJournal NONE = new AnswerJournal() {
    };

    /** The inbox event this answer is for, so the chat's turns can go in the order events arrived; null for none. */
    default String eventId() {
        return null;
    }

    /** Messages an earlier run of the app already showed this answer in, in order: edited, not sent again. */
    default List<String> shownIn() {
        return List.of();
    }

    /**
     * A new platform message now shows part of the answer. Called once per message, never per
     * token; must not block (the journal writes it in the background).
     *
     * @param messageIds all of the answer's messages so far, in order
     */
    default void showing(List<String> messageIds) {
    }

    /**
     * The answer is shown in full: saves it to history ({@code saveHistory}) and notes it complete,
     * issued together so they share one round trip, history first.
     *
     * @return completes when the first attempt is written, fails when it was not; a journal that
     *         keeps trying in the background (the inbox's) still fails here, so the caller can say so
     */
    default CompletableFuture<Void> complete(String answer, Supplier<CompletionStage<Void>> saveHistory) {
        return saveHistory.get().toCompletableFuture();
    }
}
