package dev.chatbot.core.inbox;

import dev.chatbot.core.RootCause;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.reply.ReplyChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At-least-once delivery for one platform, answered at most once. An adapter hands over each event
 * and tells the platform it arrived only once {@link #receive} returns: by then the event is
 * recorded, so a crash leaves it to {@link #replay} at the next start. A redelivery of an event
 * that is answered or running is not handed over again. The record is forgotten as soon as the
 * event has been dealt with, which the handler's future says.
 *
 * <p>If Redis is away, events are handed over unrecorded, so the chat at least gets the engine's
 * apology.
 */
public final class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    /** Deals with one message; the future completes when it has been (ConversationEngine::submit). */
    @FunctionalInterface
    public interface Handler {
        CompletableFuture<Void> handle(InboundMessage message, ReplyChannel channel);
    }

    /** An event being dealt with here: its record, and a future that completes once it is dealt with and forgotten. */
    private record Running(InboxRecord record, CompletableFuture<Void> answered) {
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
            Running mine = new Running(InboxRecord.taken(platform, event.id(), event.payload(), owner, now),
                    new CompletableFuture<>());
            Running earlier = running.putIfAbsent(event.id(), mine);
            claimed.add(earlier == null ? mine : null);
            // issued together, so Lettuce pipelines them: one round trip for the whole batch
            recorded.add(earlier == null ? record(mine.record()) : null);
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
                dispatch(event, mine, isNew != null);
                arrivals.set(i, new Arrival(isNew == null ? Arrival.Status.TAKEN_UNRECORDED : Arrival.Status.TAKEN,
                        mine.answered()));
            } else {
                log.info("{} event {} arrived again and was taken before; not answering it twice", platform, event.id());
                running.remove(event.id(), mine);
                mine.answered().complete(null);
                arrivals.set(i, new Arrival(Arrival.Status.ALREADY_TAKEN, mine.answered()));
            }
        }
        return arrivals;
    }

    /**
     * Takes up the events a previous run recorded but did not finish, oldest first.
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
            log.warn("Could not read the {} events left by the last run: {}", platform, RootCause.describe(e));
            return arrivals;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return arrivals;
        }
        if (!left.isEmpty()) {
            log.info("Taking up {} {} event(s) received but not answered before the restart", left.size(), platform);
        }
        for (InboxRecord record : left) {
            Optional<InboxEvent> event = Optional.empty();
            try {
                event = reader.apply(record.payload());
            } catch (RuntimeException e) {
                log.warn("Dropping {} event {}: it cannot be read ({})", platform, record.id(), e.toString());
            }
            Running mine = new Running(record.withOwner(owner), new CompletableFuture<>());
            if (event.isPresent() && running.putIfAbsent(record.id(), mine) == null) {
                store.update(mine.record()); // ours now; an update that fails leaves the old owner, which is harmless today
                dispatch(event.get(), mine, true);
                arrivals.add(new Arrival(Arrival.Status.TAKEN, mine.answered()));
            } else if (event.isEmpty()) {
                forget(record.id());
            }
        }
        return arrivals;
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
        return store.update(r.record().withProgress(answerSoFar, messageIds)).toCompletableFuture();
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

    private void dispatch(InboxEvent event, Running mine, boolean recorded) {
        String id = mine.record().id(); // on a replay, the record's: the adapter need not know it from the payload
        CompletableFuture<Void> handled;
        try {
            handled = handler.handle(event.message(), event.channel());
        } catch (RuntimeException e) {
            handled = CompletableFuture.failedFuture(e);
        }
        handled.handle((ok, error) -> {
            if (error != null) {
                log.warn("Handling {} event {} failed: {}", platform, id, RootCause.describe(error));
            }
            return null;
        }).thenCompose(x -> recorded && !abandoned ? forget(id) : CompletableFuture.<Void>completedFuture(null))
                .whenComplete((ok, error) -> {
                    running.remove(id, mine);
                    mine.answered().complete(null);
                });
    }

    private CompletableFuture<Void> forget(String id) {
        try {
            return store.forget(platform, id).toCompletableFuture().exceptionally(e -> {
                log.warn("Could not forget the answered {} event {}: {}", platform, id, RootCause.describe(e));
                return null;
            });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** This run of the app: the host it runs on and a random part, as a restarted container may reuse both host name and pid. */
    private static String thisRun() {
        String host = System.getenv().getOrDefault("HOSTNAME", "local");
        return host + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
