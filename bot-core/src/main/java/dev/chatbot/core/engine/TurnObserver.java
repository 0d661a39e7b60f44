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

    /** A user's limit refused a turn before the model was called. */
    default void quotaRefused() {
    }

    /** An answer began streaming ({@code +1}) or ended ({@code -1}): the answers streaming now. */
    default void streaming(int change) {
    }

    /** The answer's first token came this long after the turn asked the model. */
    default void firstToken(java.time.Duration after) {
    }

    /**
     * The answer's text first reached the user on the platform this long after the turn asked the model;
     * later than the first token by what the chat's pace held back and the platform call took. Called on
     * the reply's thread.
     */
    default void firstVisibleText(java.time.Duration after) {
    }

    /**
     * A turn's answer ended and was counted against the user.
     *
     * @param error the provider's failure class (e.g. "RateLimited"), null for an answer that ended well
     */
    default void answered(String model, long inputTokens, long outputTokens, String error) {
    }
}
