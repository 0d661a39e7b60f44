package dev.chatbot.core.inbox;

import java.util.concurrent.CompletableFuture;

/**
 * What the inbox made of one event.
 *
 * @param answered completes when the event has been dealt with and forgotten: this event's answer
 *                 when it was taken, the answer already running when it is a redelivery of that one
 *                 (a platform that wants the answer on its retry waits for this), done at once otherwise
 */
public record Arrival(Status status, CompletableFuture<Void> answered) {

    public enum Status {
        /** New, recorded, and handed over. */
        TAKEN,
        /** New but could not be recorded (Redis away): handed over anyway, so the chat gets at least an apology. */
        TAKEN_UNRECORDED,
        /** A redelivery of an event whose answer is running here. */
        ALREADY_RUNNING,
        /** A redelivery of an event dealt with before. */
        ALREADY_TAKEN,
        /** Not taken: the inbox is stopping. The platform should not be told it arrived. */
        REFUSED
    }

    /** Whether the platform may be told the event arrived. */
    public boolean isAcknowledged() {
        return status != Status.REFUSED;
    }
}
