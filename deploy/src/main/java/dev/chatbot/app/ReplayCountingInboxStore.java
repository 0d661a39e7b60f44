package dev.chatbot.app;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.inbox.InboxRecord;
import dev.chatbot.core.inbox.InboxStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The inbox's store, counting each event taken up for a run that did not answer it (a crashed or stopped
 * replica, or this one's previous run): a claim that held is exactly such a replay. Counted here, where
 * every platform's inbox goes through one bean, rather than in each adapter.
 */
final class ReplayCountingInboxStore implements InboxStore {

    private final InboxStore store;
    private final MeterRegistry registry;

    ReplayCountingInboxStore(InboxStore store, MeterRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    /** The counter of one platform, registered at start so a dashboard finds it before anything replayed. */
    Counter replays(String platform) {
        return Counter.builder("chatbot.inbox.replays")
                .description("Events taken up for a replica (or an earlier run) that received them and did not answer")
                .tag("platform", platform).register(registry);
    }

    @Override
    public CompletionStage<Boolean> claim(InboxRecord seen, InboxRecord mine) {
        return store.claim(seen, mine).thenApply(claimed -> {
            if (claimed) {
                replays(seen.platform()).increment();
            }
            return claimed;
        });
    }

    @Override
    public CompletionStage<Boolean> record(InboxRecord record, Duration rememberIds) {
        return store.record(record, rememberIds);
    }

    @Override
    public CompletionStage<Boolean> update(InboxRecord record) {
        return store.update(record);
    }

    @Override
    public CompletionStage<Optional<InboxRecord>> find(String platform, String id) {
        return store.find(platform, id);
    }

    @Override
    public CompletionStage<Void> forget(String platform, String id) {
        return store.forget(platform, id);
    }

    @Override
    public CompletionStage<List<InboxRecord>> left(String platform) {
        return store.left(platform);
    }

    @Override
    public CompletionStage<Void> enqueue(ChatKey chat, String id, double order, Duration keep) {
        return store.enqueue(chat, id, order, keep);
    }

    @Override
    public CompletionStage<Void> dequeue(ChatKey chat, String id) {
        return store.dequeue(chat, id);
    }

    @Override
    public CompletionStage<Boolean> holdLease(String platform, String name, String holder, Duration lease) {
        return store.holdLease(platform, name, holder, lease);
    }

    @Override
    public CompletionStage<Void> releaseLease(String platform, String name, String holder) {
        return store.releaseLease(platform, name, holder);
    }
}
