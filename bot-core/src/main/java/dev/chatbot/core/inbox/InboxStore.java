package dev.chatbot.core.inbox;

import dev.chatbot.core.chat.ChatKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where the inbox keeps its records and the ids it has seen. Commands issued together should
 * share a round trip, so a batch of events costs one.
 */
public interface InboxStore {

    /**
     * Records an event unless its id was seen in the last {@code rememberIds}.
     *
     * @return true for a new event, now recorded; false for a redelivery
     */
    CompletionStage<Boolean> record(InboxRecord record, Duration rememberIds);

    /** Replaces the record of an event still recorded; false when it was forgotten meanwhile. */
    CompletionStage<Boolean> update(InboxRecord record);

    /** The record of one event, if it is still recorded. */
    CompletionStage<java.util.Optional<InboxRecord>> find(String platform, String id);

    /** Forgets a dealt-with event; its id stays seen, so a redelivery is still recognised. */
    CompletionStage<Void> forget(String platform, String id);

    /** Events recorded but not forgotten, e.g. because the app stopped, oldest first. */
    CompletionStage<List<InboxRecord>> left(String platform);

    /**
     * Queues an event in its chat, scored in the platform's order, so the chat's turns go oldest
     * first on whichever replica takes them. Idempotent; issued with {@link #record}, so it shares its round trip.
     */
    default CompletionStage<Void> enqueue(ChatKey chat, String id, double order, Duration keep) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /** Takes a dealt-with event off its chat's queue. */
    default CompletionStage<Void> dequeue(ChatKey chat, String id) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /**
     * Takes or keeps a lease on some of the platform's work for {@code lease}: true while {@code holder}
     * has it. A store without leases (one replica) always grants it.
     */
    default CompletionStage<Boolean> holdLease(String platform, String name, String holder, Duration lease) {
        return java.util.concurrent.CompletableFuture.completedFuture(true);
    }

    /** Gives a lease back at once, if {@code holder} has it, so another replica need not wait for it to expire. */
    default CompletionStage<Void> releaseLease(String platform, String name, String holder) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /**
     * Makes a recorded event {@code mine.owner()}'s, unless its owner is still alive (holds its
     * "owner:" lease) or another replica claimed it first.
     *
     * @param seen the record as read, with the owner it had then
     * @return true when it is now ours to answer
     */
    default CompletionStage<Boolean> claim(InboxRecord seen, InboxRecord mine) {
        return update(mine);
    }
}
