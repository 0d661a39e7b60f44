package dev.chatbot.core.history;

/**
 * A chat's turn, held: the fencing token every write of the turn carries, so a turn that stalled
 * past its lease cannot write after a newer one began.
 *
 * @param fence   the chat's turn counter when this turn took the lock; 0 when nothing was locked
 * @param holder  who holds it (the replica), for the logs and to renew only one's own lock
 * @param eventId the inbox event the turn answers, taken off the chat's queue when the turn ends; null for none
 */
public record TurnLease(long fence, String holder, String eventId) {

    /** No lock: a store without one, or a turn that needs none. */
    public static final TurnLease NONE = new TurnLease(0, "", null);

    public boolean isLocked() {
        return fence > 0;
    }
}
