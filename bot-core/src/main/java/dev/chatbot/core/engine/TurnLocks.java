package dev.chatbot.core.engine;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.history.ChatStore;
import dev.chatbot.core.history.TurnLease;
import dev.chatbot.core.history.TurnStart;
import dev.chatbot.core.reply.ReplyClock;
import java.time.Duration;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat's turn across replicas: asked for with the turn's first read (no round trip of its own),
 * waited for when another turn of the chat runs or an earlier message is queued, and renewed while
 * the turn runs so that only a dead or stalled replica's lock expires.
 */
final class TurnLocks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TurnLocks.class);
    private static final long MIN_PAUSE_MS = 20;
    private static final long MAX_PAUSE_MS = 250;

    private final ChatStore chats;
    private final EngineSettings settings;
    private final TurnObserver observer;
    /** Times the wait for a chat busy elsewhere and the renewals; the lease itself expires on Redis's own clock. */
    private final ReplyClock clock;
    /** This replica's running turns whose locks the renewer keeps. */
    private final Map<Key, Held> kept = new ConcurrentHashMap<>();
    private Thread renewer;
    private boolean closed;

    TurnLocks(ChatStore chats, EngineSettings settings, TurnObserver observer) {
        this(chats, settings, observer, ReplyClock.SYSTEM);
    }

    TurnLocks(ChatStore chats, EngineSettings settings, TurnObserver observer, ReplyClock clock) {
        this.chats = chats;
        this.settings = settings;
        this.observer = observer;
        this.clock = clock;
    }

    /** Asks for the chat's turn, reading its history with it. */
    CompletableFuture<TurnStart> ask(ChatKey chat, String eventId) {
        return chats.beginTurn(chat, settings.replica(), eventId, settings.turnLease()).toCompletableFuture();
    }

    /** Asks for the chat's turn without its history: a command that writes the chat's state. */
    CompletableFuture<TurnStart> askLock(ChatKey chat, String eventId) {
        return chats.lockChat(chat, settings.replica(), eventId, settings.turnLease()).toCompletableFuture();
    }

    /**
     * Waits until the turn is ours: while another turn of the chat runs (at most a turn's time plus a
     * lease), and while an earlier message of the chat is queued but not begun (at most two leases:
     * long enough for another replica to take up a dead one's message, short enough when that message
     * waits behind this very turn, as after a takeover); then this one goes.
     *
     * @return empty when the chat stayed busy that long
     */
    Optional<TurnStart> await(ChatKey chat, String eventId, TurnStart first) throws ExecutionException, InterruptedException {
        return await(chat, eventId, first, true);
    }

    /** As {@link #await(ChatKey, String, TurnStart)}; {@code withHistory} false for {@link #askLock}'s. */
    Optional<TurnStart> await(ChatKey chat, String eventId, TurnStart first, boolean withHistory)
            throws ExecutionException, InterruptedException {
        TurnStart start = first;
        if (start.isTaken()) {
            return Optional.of(start);
        }
        observer.turnWaited();
        long busyDeadline = clock.nanoTime() + settings.turnTimeout().plus(settings.turnLease()).toNanos();
        long orderDeadline = clock.nanoTime() + settings.turnLease().multipliedBy(2).toNanos();
        String ordered = eventId;
        while (!start.isTaken()) {
            long now = clock.nanoTime();
            if (start.outcome() == TurnStart.Outcome.EARLIER_PENDING && ordered != null && now > orderDeadline) {
                log.warn("An earlier message in chat {} is still not begun; answering {} without waiting more",
                        chat.id(), eventId);
                ordered = null;
            } else if (start.outcome() == TurnStart.Outcome.BUSY && now > busyDeadline) {
                return Optional.empty();
            }
            clock.sleep(Duration.ofMillis(Math.clamp(start.retryAfter(), MIN_PAUSE_MS, MAX_PAUSE_MS)));
            start = (withHistory ? chats.beginTurn(chat, settings.replica(), ordered, settings.turnLease())
                    : chats.lockChat(chat, settings.replica(), ordered, settings.turnLease())).toCompletableFuture().get();
        }
        if (ordered == null && eventId != null) { // still to be taken off the queue when the turn ends
            TurnLease lease = start.lease();
            start = TurnStart.taken(new TurnLease(lease.fence(), lease.holder(), eventId), start.history());
        }
        return Optional.of(start);
    }

    /** Keeps a turn's lock while it runs; close it before the write that ends the turn. */
    interface Renewal extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Renews the lock every third of its lease while the turn runs, in one round for all of this replica's
     * running turns; close when the turn ends, and before the write that ends it: a renewal answered after
     * that write finds the lock gone and says nothing about the turn.
     *
     * <p>A turn whose lock is not confirmed for half a lease (Redis away, or this replica cut off from it)
     * gives up ({@code onLost}) before the lock can lapse: once it has, and this replica's inbox lease with
     * it, another replica takes the message up and answers it, and two answers must not stream at once.
     * Giving up at half a lease leaves the other half (the lock's own expiry, on Redis's clock) as margin.
     * Only a renewal sent and left unconfirmed counts against the turn: a round that comes late (the
     * replica overloaded, a pause) asks Redis first, and a lock Redis still holds for the turn is kept.
     */
    Renewal keep(ChatKey chat, TurnLease lease, Runnable onLost) {
        if (!lease.isLocked()) {
            return () -> {
            };
        }
        Key key = new Key(chat, lease);
        Held held = new Held(chat, lease, onLost, clock.nanoTime());
        kept.put(key, held);
        startRenewing();
        return () -> stopRenewing(chat, lease);
    }

    /**
     * Stops renewing the turn's lock: called before the write that ends the turn (which lets the lock go), so
     * no renewal answered after it can take the turn for lost. Closing its {@link Renewal} again does nothing.
     */
    void stopRenewing(ChatKey chat, TurnLease lease) {
        Held held = kept.remove(new Key(chat, lease));
        if (held != null) {
            held.closed = true;
        }
    }

    private record Key(ChatKey chat, TurnLease lease) {
    }

    /** A running turn's lock as this replica keeps it. */
    private static final class Held {
        final ChatKey chat;
        final TurnLease lease;
        final Runnable onLost;
        /** Clock time the last renewal Redis confirmed was sent (at first: when the turn began keeping it). */
        volatile long confirmed;
        /** Clock time the last renewal was sent. */
        volatile long sent;
        volatile boolean closed;
        final AtomicBoolean lost = new AtomicBoolean();

        Held(ChatKey chat, TurnLease lease, Runnable onLost, long now) {
            this.chat = chat;
            this.lease = lease;
            this.onLost = onLost;
            this.confirmed = now;
            this.sent = now;
        }
    }

    private synchronized void startRenewing() {
        if (renewer == null && !closed) {
            renewer = Thread.ofPlatform().name("turn-lock-renewer").daemon().start(this::renewEveryThirdOfALease);
        }
    }

    private void renewEveryThirdOfALease() {
        Duration every = settings.turnLease().dividedBy(3);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                clock.sleep(every.isZero() ? Duration.ofMillis(1) : every);
                renewRound();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed
        }
    }

    /**
     * One renewal for each running turn, sent together without waiting for the answers (Lettuce pipelines
     * them); a turn whose last renewal went unconfirmed for half a lease is given up instead.
     */
    void renewRound() {
        long giveUpNanos = settings.turnLease().toNanos() / 2;
        for (Held held : kept.values()) {
            long now = clock.nanoTime();
            if (held.closed || held.lost.get()) {
                continue;
            }
            if (held.sent != held.confirmed && now - held.confirmed >= giveUpNanos) {
                lose(held, "The turn lock of chat {} could not be renewed for {} ms; giving the answer up before "
                        + "another replica takes the message over", (now - held.confirmed) / 1_000_000);
                continue;
            }
            held.sent = now;
            try {
                chats.renewTurn(held.chat, held.lease, settings.turnLease()).whenComplete((mine, error) -> {
                    if (held.closed) {
                        return; // the turn has ended, and its own write may have let the lock go
                    }
                    if (error != null) {
                        log.debug("Could not renew the turn lock of chat {}: {}", held.chat.id(), error.toString());
                    } else if (mine) {
                        held.confirmed = Math.max(held.confirmed, now);
                    } else {
                        lose(held, "The turn in chat {} ran past its lease and another took over; its answer is not saved",
                                null);
                    }
                });
            } catch (RuntimeException e) {
                log.debug("Could not renew the turn lock of chat {}: {}", held.chat.id(), e.toString());
            }
        }
    }

    private void lose(Held held, String message, Object detail) {
        if (held.lost.compareAndSet(false, true)) {
            if (detail == null) {
                log.warn(message, held.chat.id());
            } else {
                log.warn(message, held.chat.id(), detail);
            }
            observer.turnLockLost();
            held.onLost.run();
        }
    }

    /** Ends a turn that wrote no history; not awaited: the next command on the connection comes after it. */
    void end(ChatKey chat, TurnLease lease) {
        chats.endTurn(chat, lease).whenComplete((ok, error) -> {
            if (error != null) {
                log.debug("Could not release the turn lock of chat {} (it expires): {}", chat.id(), error.toString());
            }
        });
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (renewer != null) {
            renewer.interrupt();
        }
    }
}
