package dev.chatbot.core.engine;

/**
 * Hears what turns cost, for metrics. Called on the turn's thread; implementations must be cheap.
 */
public interface TurnObserver {

    TurnObserver NONE = new TurnObserver() {
    };

    /** The turn waited for one Redis round trip (several pipelined commands count once). */
    default void storageRoundTrip() {
    }

    /** A turn ended: answered, stopped or failed. */
    default void turnEnded() {
    }

    /** A turn waited for its chat: another turn ran there, or an earlier message went first. */
    default void turnWaited() {
    }

    /** A running turn found its chat's lock taken over (it stalled past its lease): its history is not written. */
    default void turnLockLost() {
    }
}
