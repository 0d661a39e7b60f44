package dev.chatbot.core.history;

import dev.chatbot.core.chat.ChatKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Per-chat conversation history. Asynchronous so that a turn can issue its reads together
 * and pay one round trip for them.
 */
public interface ChatStore {

    /** The newest messages of the chat, oldest first. */
    CompletionStage<List<ChatMessage>> history(ChatKey chat);

    /** Appends the messages of one finished turn, keeping the history bounded and expiring. */
    CompletionStage<Void> append(ChatKey chat, List<ChatMessage> messages);

    CompletionStage<Void> clear(ChatKey chat);

    /**
     * Removes the chat's last question and the answer to it, if any, for asking again.
     *
     * @return the question, or empty when the history does not end with one
     */
    CompletionStage<Optional<ChatMessage>> removeLastExchange(ChatKey chat);

    /**
     * Asks for the chat's turn and reads its history with it, in one command: several replicas may
     * serve one chat, and one turn at a time may answer in it, in the order its events arrived.
     * The lock expires after {@code lease} unless renewed; the fencing token it returns goes with
     * every write of the turn. A store without a lock (the default) just reads the history.
     *
     * @param holder  names the replica asking
     * @param eventId the inbox event this turn answers; when an earlier event of the chat is still
     *                queued, the answer is to wait for it. Null to ignore the queue.
     */
    default CompletionStage<TurnStart> beginTurn(ChatKey chat, String holder, String eventId, Duration lease) {
        return history(chat).thenApply(h -> TurnStart.taken(TurnLease.NONE, h));
    }

    /** Keeps a running turn's lock for another {@code lease}; false when it is no longer this turn's. */
    default CompletionStage<Boolean> renewTurn(ChatKey chat, TurnLease turn, Duration lease) {
        return java.util.concurrent.CompletableFuture.completedFuture(true);
    }

    /**
     * Appends the turn's exchange unless a newer turn of the chat began since (its fencing token is
     * higher), and ends the turn: lock released, event off the chat's queue. One command.
     *
     * @return false when fenced off: nothing was written
     */
    default CompletionStage<Boolean> appendAndEnd(ChatKey chat, List<ChatMessage> messages, TurnLease turn) {
        return append(chat, messages).thenApply(v -> true);
    }

    /** Ends a turn that writes no history: lock released, event off the chat's queue. */
    default CompletionStage<Void> endTurn(ChatKey chat, TurnLease turn) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
}
