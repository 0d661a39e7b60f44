package dev.chatbot.core.history;

import java.util.List;

/**
 * What asking for a chat's turn gave: the lock and the history read with it, or why to wait.
 *
 * @param outcome    taken, or what the turn waits for
 * @param lease      the lock held when taken
 * @param history    the chat's newest messages, oldest first, when taken
 * @param retryAfter milliseconds worth waiting before asking again, when not taken
 */
public record TurnStart(Outcome outcome, TurnLease lease, List<ChatMessage> history, long retryAfter) {

    public enum Outcome {
        /** The turn is ours. */
        TAKEN,
        /** Another turn of the chat runs (on this or another replica). */
        BUSY,
        /** An earlier event of the chat is still waiting for its answer: it goes first. */
        EARLIER_PENDING
    }

    public TurnStart {
        history = history == null ? List.of() : List.copyOf(history);
    }

    public static TurnStart taken(TurnLease lease, List<ChatMessage> history) {
        return new TurnStart(Outcome.TAKEN, lease, history, 0);
    }

    public static TurnStart waiting(Outcome outcome, long retryAfter) {
        return new TurnStart(outcome, TurnLease.NONE, List.of(), retryAfter);
    }

    public boolean isTaken() {
        return outcome == Outcome.TAKEN;
    }
}
