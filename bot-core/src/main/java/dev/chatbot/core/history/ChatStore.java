package dev.chatbot.core.history;

import dev.chatbot.core.chat.ChatKey;
import java.time.Duration;
import java.util.List;
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

    /** Forgets the chat's history, outside any turn; /new goes through {@link #clearAndEnd}, fenced. */
    CompletionStage<Void> clear(ChatKey chat);

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

    /**
     * Takes the chat's turn lock as {@link #beginTurn} does, without reading the history: for commands
     * that write the chat's state (/new, /model, /system), so they go in the chat's order and their
     * writes carry a fencing token like a turn's.
     */
    default CompletionStage<TurnStart> lockChat(ChatKey chat, String holder, String eventId, Duration lease) {
        return beginTurn(chat, holder, eventId, lease);
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
        return appendAndEnd(chat, 0, messages, turn);
    }

    /**
     * As {@link #appendAndEnd(ChatKey, List, TurnLease)}, first dropping the {@code replacing} newest
     * messages (-1: all of them), in the same fenced command: /retry's new answer takes the old one's
     * place, which the turn read with its lock, so nothing else can have written in between.
     */
    default CompletionStage<Boolean> appendAndEnd(ChatKey chat, int replacing, List<ChatMessage> messages, TurnLease turn) {
        if (replacing > 0) {
            throw new UnsupportedOperationException("this store cannot replace the newest messages");
        }
        CompletionStage<Void> cleared = replacing < 0 ? clear(chat) : java.util.concurrent.CompletableFuture.completedFuture(null);
        return cleared.thenCompose(v -> messages.isEmpty() ? cleared : append(chat, messages)).thenApply(v -> true);
    }

    /** /new: forgets the history unless a newer turn began since {@code turn} took the lock, and ends it; false when fenced off. */
    default CompletionStage<Boolean> clearAndEnd(ChatKey chat, TurnLease turn) {
        return appendAndEnd(chat, -1, List.of(), turn);
    }

    /** Ends a turn that writes no history: lock released, event off the chat's queue. */
    default CompletionStage<Void> endTurn(ChatKey chat, TurnLease turn) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
}
