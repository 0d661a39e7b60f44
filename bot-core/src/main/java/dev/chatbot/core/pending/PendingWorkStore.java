package dev.chatbot.core.pending;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Inbound events that must survive a crash. An adapter records each event before it tells the
 * platform the event arrived, and forgets it once the event has been dealt with; at start-up it
 * takes up what is still pending. The ids it has seen are remembered for a while, so an event
 * the platform delivers again is recognised and not handled twice.
 */
public interface PendingWorkStore {

    /**
     * Records an event unless its id was seen before.
     *
     * @return true for a new event, now pending; false for one seen before (a redelivery)
     */
    CompletionStage<Boolean> accept(String platform, String id, String payload);

    /** Forgets a finished event; its id stays known, so a redelivery is still recognised. */
    CompletionStage<Void> complete(String platform, String id);

    /** Events accepted but not completed, e.g. because the app stopped, oldest first. */
    CompletionStage<List<PendingWork>> pending(String platform);
}
