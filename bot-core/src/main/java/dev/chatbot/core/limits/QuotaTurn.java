package dev.chatbot.core.limits;

import dev.chatbot.core.llm.ModelInfo;
import dev.chatbot.core.llm.Usage;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One turn's dealings with the user's limits: reserve before the model is called, settle after.
 * Used by one thread, the turn's.
 */
public interface QuotaTurn {

    /**
     * Sets an estimate aside for this prompt.
     *
     * @return the refusal to show when the user may not go ahead (no model call then); empty to go ahead
     */
    Optional<String> reserve(ModelInfo model, int promptTokens);

    /**
     * Replaces the reservation with what the answer used. Issue it before the turn's other final
     * writes and wait after them, so they share one round trip.
     *
     * @param usage null when nothing reached the user: the reservation is given back in full
     * @return a heads-up to show, when a limit has just reached 80%
     */
    CompletableFuture<Optional<String>> settle(Usage usage);

    /**
     * Sets a priced call aside that is not a chat model's (a drawing, a transcription): one request and
     * its dollars, under {@code what} (e.g. "image:dall-e-3") in the statistics. Settled with
     * {@link #settleCharge}; a turn uses either this or {@link #reserve}.
     *
     * @return the refusal to show when the user may not go ahead; empty to go ahead
     */
    default Optional<String> reserveCharge(String what, double usd) {
        return reserveCharge(what, usd, 0);
    }

    /**
     * As {@link #reserveCharge(String, double)}, for a call that draws {@code images} pictures: they
     * count against the user's {@code images} limits, which refuse only such calls.
     */
    default Optional<String> reserveCharge(String what, double usd, int images) {
        return Optional.empty();
    }

    /**
     * @param used false when the call gave nothing (refused, failed): the reservation goes back
     * @return a heads-up to show, when a limit has just reached 80%
     */
    default CompletableFuture<Optional<String>> settleCharge(boolean used) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    /** Whether {@link #reserve} waits for a storage round trip (for the turn's metrics). */
    default boolean reservesInStorage() {
        return true;
    }
}
