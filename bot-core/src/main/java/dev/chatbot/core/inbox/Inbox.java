package dev.chatbot.core.inbox;

import dev.chatbot.core.RootCause;
import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.reply.AnswerJournal;
import dev.chatbot.core.reply.ReplyChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At-least-once delivery for one platform, answered at most once. An adapter hands over each event
 * and tells the platform it arrived only once {@link #receive} returns: by then the event is
 * recorded, so a crash leaves it to {@link #replay} at the next start. A redelivery of an event
 * that is answered or running is not handed over again. The record is forgotten as soon as the
 * event has been dealt with, which the handler's future says.
 *
 * <p>An event stays recorded until its answer's history and its "complete" mark are written, and
 * only then is it forgotten. When Redis is away at that moment, those writes are retried in the
 * background with backoff until Redis answers again (for as long as the app runs; what is still
 * unwritten when it stops stays recorded). A replay of a record marked complete forgets it and
 * shows nothing; one whose answer had begun continues the messages the record names (see
 * {@link AnswerJournal}).
 *
 * <p>If Redis is away, events are handed over unrecorded, so the chat at least gets the engine's
 * apology; they are forgotten too once Redis answers, as a write that timed out may still land.
 */
public final class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    /** Deals with one message; the future completes when it has been (ConversationEngine::submit). */
    @FunctionalInterface
    public interface Handler {
        CompletableFuture<Void> handle(InboundMessage message, ReplyChannel channel);
    }

    /** An event being dealt with here. */
    private static final class Running {
        /** As last written (or meant to be): progress and completion build on it. */
        volatile InboxRecord record;
        /** Completes once the answer's history and completion are written, or at once when there is nothing to save. */
        volatile CompletableFuture<Void> saved = CompletableFuture.completedFuture(null);
        /** Completes once the event is dealt with and forgotten. */
        final CompletableFuture<Void> answered = new CompletableFuture<>();
        /** The event's chat, whose queue it waits in; null when unknown. */
        final ChatKey chat;

        Running(InboxRecord record, ChatKey chat) {
            this.record = record;
            this.chat = chat;
        }

        InboxRecord record() {
            return record;
        }

        CompletableFuture<Void> answered() {
            return answered;
        }
    }

    private final InboxStore store;
    private final String platform;
    private final Duration rememberIds;
    private final Handler handler;
    private final String owner;
    private final Clock clock;
    /** Until forgotten too, so a redelivery in between still attaches and a stopping app waits for that as well. */
    private final ConcurrentMap<String, Running> running = new ConcurrentHashMap<>();
    private volatile boolean taking = true;
    private volatile boolean abandoned;
    private final Retries retries = new Retries(() -> abandoned);
    private volatile java.util.concurrent.ExecutorService sharing;

    /**
     * @param rememberIds how long an id is recognised as seen: longer than the platform may deliver an event again
     */
    public Inbox(InboxStore store, String platform, Duration rememberIds, Handler handler) {
        this(store, platform, rememberIds, handler, thisRun(), Clock.systemUTC());
    }

    /** @param owner names this run of the app in the records it makes */
    public Inbox(InboxStore store, String platform, Duration rememberIds, Handler handler, String owner, Clock clock) {
        this.store = store;
        this.platform = platform;
        this.rememberIds = rememberIds;
        this.handler = handler;
        this.owner = owner;
        this.clock = clock;
    }

    /** One event; see {@link #receive(List)}. */
    public Arrival receive(InboxEvent event) {
        return receive(List.of(event)).getFirst();
    }

    /**
     * Records the new events of a batch in one round trip and hands them over in order. Returns once
     * they are recorded, so the platform may be told they arrived.
     */
    public List<Arrival> receive(List<InboxEvent> events) {
        List<Arrival> arrivals = new ArrayList<>();
        if (!taking) {
            events.forEach(e -> arrivals.add(new Arrival(Arrival.Status.REFUSED, CompletableFuture.completedFuture(null))));
            return arrivals;
        }
        long now = clock.millis();
        List<Running> claimed = new ArrayList<>();
        List<CompletableFuture<Boolean>> recorded = new ArrayList<>();
        for (InboxEvent event : events) {
            // claimed before Redis is asked, so a redelivery racing this one attaches to it
            Running mine = new Running(InboxRecord.taken(platform, event.id(), event.payload(), owner, now), chatOf(event));
            Running earlier = running.putIfAbsent(event.id(), mine);
            claimed.add(earlier == null ? mine : null);
            // issued together, so Lettuce pipelines them: one round trip for the whole batch
            recorded.add(earlier == null ? record(mine.record()) : null);
            if (earlier == null) {
                enqueue(mine, now);
            }
            if (earlier != null) {
                arrivals.add(new Arrival(Arrival.Status.ALREADY_RUNNING, earlier.answered()));
            } else {
                arrivals.add(null);
            }
        }
        for (int i = 0; i < events.size(); i++) {
            Running mine = claimed.get(i);
            if (mine == null) {
                continue;
            }
            InboxEvent event = events.get(i);
            Boolean isNew = outcome(recorded.get(i), event.id());
            if (isNew == null || isNew) {
                dispatch(event, mine);
                arrivals.set(i, new Arrival(isNew == null ? Arrival.Status.TAKEN_UNRECORDED : Arrival.Status.TAKEN,
                        mine.answered()));
            } else {
                log.info("{} event {} arrived again and was taken before; not answering it twice", platform, event.id());
                running.remove(event.id(), mine);
                dequeue(mine.chat, event.id()); // queued again above; the first delivery's turn took it off already
                mine.answered().complete(null);
                arrivals.set(i, new Arrival(Arrival.Status.ALREADY_TAKEN, mine.answered()));
            }
        }
        return arrivals;
    }

    /**
     * Takes up the events that a previous run, or a replica that died, recorded but did not finish,
     * oldest first. An event whose replica is alive (it holds its owner lease, see {@link #shareWork})
     * is left to it; of two replicas taking up the same event, one does.
     *
     * @return one arrival per event taken up
     * @param reader reads a recorded payload again; empty when it no longer means anything, and then it is forgotten
     */
    public List<Arrival> replay(Function<String, Optional<InboxEvent>> reader) {
        List<Arrival> arrivals = new ArrayList<>();
        List<InboxRecord> left;
        try {
            left = store.left(platform).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Could not read the {} events left unanswered: {}", platform, RootCause.describe(e));
            return arrivals;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return arrivals;
        }
        for (InboxRecord record : left) {
            if (owner.equals(record.owner()) || running.containsKey(record.id())) {
                continue; // ours, and in hand
            }
            if (record.complete()) {
                // shown and saved; only forgetting it failed: showing it again would answer twice
                log.info("{} event {} was answered and saved already; forgetting it", platform, record.id());
                ChatKey chat = null;
                try {
                    chat = reader.apply(record.payload()).map(Inbox::chatOf).orElse(null);
                } catch (RuntimeException e) {
                    // unreadable: forgotten all the same, its chat's queue lets go of it after a while
                }
                forgetting(record.id(), chat);
                continue;
            }
            Optional<InboxEvent> event = Optional.empty();
            try {
                event = reader.apply(record.payload());
            } catch (RuntimeException e) {
                log.warn("Dropping {} event {}: it cannot be read ({})", platform, record.id(), e.toString());
            }
            if (event.isEmpty()) {
                forgetting(record.id(), null);
                continue;
            }
            Running mine = new Running(record.withOwner(owner), chatOf(event.get()));
            if (running.putIfAbsent(record.id(), mine) != null) {
                continue;
            }
            if (!claimed(record, mine.record())) {
                running.remove(record.id(), mine);
                continue;
            }
            log.info("Taking up {} event {}, received by {} and not answered", platform, record.id(),
                    record.owner() == null || record.owner().isBlank() ? "an earlier run" : record.owner());
            dispatch(event.get(), mine);
            arrivals.add(new Arrival(Arrival.Status.TAKEN, mine.answered()));
        }
        return arrivals;
    }

    /**
     * Works beside other replicas of the app on one Redis: holds this run's owner lease (renewed every
     * third of {@code lease}, given back on {@link #drain}) and, as often, takes up what replicas that
     * stopped renewing theirs left unanswered. The first pass runs before this returns, after the lease
     * is held, so the events this run records are never taken for a dead replica's.
     *
     * @return stops the sharing (the lease then expires, or {@link #drain} gives it back)
     */
    public AutoCloseable shareWork(Duration lease, Function<String, Optional<InboxEvent>> reader) {
        holdOwnerLease(lease).join();
        replay(reader);
        long every = Math.max(1, lease.toMillis() / 3);
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("inbox-" + platform + "-lease").daemon().factory());
        timer.scheduleWithFixedDelay(() -> {
            if (!taking) {
                return;
            }
            holdOwnerLease(lease).join();
            replay(reader);
        }, every, every, TimeUnit.MILLISECONDS);
        sharing = timer;
        return timer::shutdownNow;
    }

    /** This run of the app, as its records and leases name it. */
    public String owner() {
        return owner;
    }

    /** The lease a run holds while alive, under the platform's tag. */
    static String ownerLease(String owner) {
        return "owner:" + owner;
    }

    private CompletableFuture<Void> holdOwnerLease(Duration lease) {
        CompletableFuture<Boolean> held;
        try {
            held = store.holdLease(platform, ownerLease(owner), owner, lease).toCompletableFuture();
        } catch (RuntimeException e) {
            held = CompletableFuture.failedFuture(e);
        }
        return held.handle((ok, error) -> {
            if (error != null) {
                log.warn("Could not renew this replica's hold on its {} events: {}", platform, RootCause.describe(error));
            }
            return null;
        });
    }

    private boolean claimed(InboxRecord seen, InboxRecord mine) {
        try {
            return store.claim(seen, mine).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Could not take up {} event {} now: {}", platform, seen.id(), RootCause.describe(e));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Keeps how far a running answer got, so a later start can continue it instead of starting over.
     *
     * @return true when saved; false when the event is not running here or was forgotten meanwhile
     */
    public CompletableFuture<Boolean> progress(String id, String answerSoFar, List<String> messageIds) {
        Running r = running.get(id);
        if (r == null) {
            return CompletableFuture.completedFuture(false);
        }
        r.record = r.record().withProgress(answerSoFar, messageIds);
        return update(r.record);
    }

    /** Takes no more events: {@link #receive} refuses them from now on, so the platform keeps them. */
    public void stopTaking() {
        taking = false;
    }

    /**
     * Waits up to {@code grace} for the events taken so far, then lets go of the rest: they stay
     * recorded and are answered after the restart.
     *
     * @return how many were still running
     */
    public int drain(Duration grace) {
        if (!grace.isZero() && !running.isEmpty()) {
            try {
                CompletableFuture.allOf(running.values().stream().map(Running::answered).toArray(CompletableFuture[]::new))
                        .get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // what is left is counted below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        abandoned = true;
        java.util.concurrent.ExecutorService timer = sharing;
        if (timer != null) {
            timer.shutdownNow();
            // what is left goes to the other replicas at once, not a lease later
            try {
                store.releaseLease(platform, ownerLease(owner), owner).toCompletableFuture().get(2, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                log.debug("Could not give back this replica's {} lease (it expires): {}", platform, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int left = running.size();
        if (left > 0) {
            log.info("Stopping with {} {} message(s) not yet answered; they are answered after the restart", left, platform);
        }
        return left;
    }

    /** Events handed over and not yet forgotten. */
    public int inFlight() {
        return running.size();
    }

    private CompletableFuture<Boolean> record(InboxRecord record) {
        try {
            return store.record(record, rememberIds).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** True when new, false when seen before, null when it could not be recorded. */
    private Boolean outcome(CompletableFuture<Boolean> recorded, String id) {
        try {
            return recorded.get();
        } catch (ExecutionException e) {
            log.warn("Could not record {} event {} ({}); answering it anyway", platform, id, RootCause.describe(e));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Hands the event over with a journal of its answer, then forgets it once the answer is saved.
     * Unrecorded events are forgotten too: their record may still land, late, from a write that timed out.
     */
    private void dispatch(InboxEvent event, Running mine) {
        String id = mine.record().id(); // on a replay, the record's: the adapter need not know it from the payload
        CompletableFuture<Void> handled;
        try {
            handled = handler.handle(event.message(), new JournaledChannel(event.channel(), new Journal(mine)));
        } catch (RuntimeException e) {
            handled = CompletableFuture.failedFuture(e);
        }
        handled.handle((ok, error) -> {
            if (error != null) {
                log.warn("Handling {} event {} failed: {}", platform, id, RootCause.describe(error));
            }
            return null;
        }).thenCompose(x -> mine.saved) // set during the turn, so read only now
                .thenCompose(x -> forgetting(id, mine.chat))
                .whenComplete((ok, error) -> {
                    running.remove(id, mine);
                    mine.answered().complete(null);
                });
    }

    /** Forgets an event, trying again in the background until Redis answers or the app stops. */
    private CompletableFuture<Void> forgetting(String id, ChatKey chat) {
        return retries.firstThenInBackground(() -> {
            dequeue(chat, id); // pipelined with the forget; its turn usually took it off already
            return store.forget(platform, id);
        }, "forget the answered " + platform + " event " + id);
    }

    /** Queues the event in its chat, so turns go in the platform's order; not awaited, it shares the record's round trip. */
    private void enqueue(Running mine, long now) {
        if (mine.chat == null) {
            return;
        }
        String id = mine.record().id();
        Long number = number(id);
        try {
            store.enqueue(mine.chat, id, number != null ? number : now, rememberIds).whenComplete((ok, e) -> {
                if (e != null) {
                    log.debug("Could not queue {} event {} in its chat: {}", platform, id, e.toString());
                }
            });
        } catch (RuntimeException e) {
            log.debug("Could not queue {} event {} in its chat: {}", platform, id, e.toString());
        }
    }

    private void dequeue(ChatKey chat, String id) {
        if (chat == null) {
            return;
        }
        try {
            store.dequeue(chat, id).whenComplete((ok, e) -> {
                if (e != null) {
                    log.debug("Could not take {} event {} off its chat's queue: {}", platform, id, e.toString());
                }
            });
        } catch (RuntimeException e) {
            log.debug("Could not take {} event {} off its chat's queue: {}", platform, id, e.toString());
        }
    }

    private static ChatKey chatOf(InboxEvent event) {
        return event.message() == null ? null : event.message().chat();
    }

    /** Platforms' ids are mostly numbers that grow (Telegram's update_id): their order is the platform's. */
    private static Long number(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private CompletableFuture<Boolean> update(InboxRecord record) {
        try {
            return store.update(record).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** One event's answer, as the inbox keeps it. */
    private final class Journal implements AnswerJournal {

        private final Running mine;
        private final List<String> shownIn;

        Journal(Running mine) {
            this.mine = mine;
            this.shownIn = mine.record().messageIds();
        }

        @Override
        public List<String> shownIn() {
            return shownIn;
        }

        @Override
        public String eventId() {
            return mine.record().id();
        }

        @Override
        public void showing(List<String> messageIds) {
            mine.record = mine.record().withProgress(mine.record().answerSoFar(), messageIds);
            // not awaited: a lost one costs only a new message instead of an edit after a crash
            update(mine.record).whenComplete((ok, e) -> {
                if (e != null) {
                    log.debug("Could not note the messages of {} event {}: {}", platform, mine.record().id(), e.toString());
                }
            });
        }

        @Override
        public CompletableFuture<Void> complete(String answer, Supplier<CompletionStage<Void>> saveHistory) {
            InboxRecord done = mine.record().completed(answer);
            mine.record = done;
            CompletableFuture<Void> first = save(done, saveHistory);
            mine.saved = first.exceptionallyCompose(e -> retries.inBackground(() -> saveAgain(done, saveHistory),
                    "save the answer to " + platform + " event " + done.id(), e));
            return first;
        }

        /** History first: Redis runs one connection's commands in order, so the mark never precedes it. */
        private CompletableFuture<Void> save(InboxRecord done, Supplier<CompletionStage<Void>> saveHistory) {
            CompletableFuture<Void> history;
            try {
                history = saveHistory.get().toCompletableFuture();
            } catch (RuntimeException e) {
                history = CompletableFuture.failedFuture(e);
            }
            return CompletableFuture.allOf(history, update(done));
        }

        /** A first attempt whose outcome is unknown may have landed: the mark says so, and then history is not written twice. */
        private CompletableFuture<Void> saveAgain(InboxRecord done, Supplier<CompletionStage<Void>> saveHistory) {
            return store.find(platform, done.id()).toCompletableFuture()
                    .thenCompose(now -> now.isPresent() && now.get().complete()
                            ? CompletableFuture.<Void>completedFuture(null)
                            : save(done, saveHistory));
        }
    }

    /** This run of the app: the host it runs on and a random part, as a restarted container may reuse both host name and pid. */
    private static String thisRun() {
        String host = System.getenv().getOrDefault("HOSTNAME", "local");
        return host + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
