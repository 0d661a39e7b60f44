package dev.chatbot.core.reply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Virtual time for paced code: it stands still until a test moves it, and a thread waiting for
 * it wakes as soon as it has moved far enough. Tests of a 3 s pace take milliseconds.
 */
public final class VirtualClock implements ReplyClock {

    /** How long a waiter looks again on its own, in real time, in case a move slipped past it. */
    private static final long RECHECK_MILLIS = 5;
    private static final Duration GUARD = Duration.ofSeconds(20);

    /** Compared by identity: two threads may wait on one monitor until the same moment. */
    private static final class Waiter {
        final Object monitor;
        final long wakeAt;
        final Thread thread = Thread.currentThread();

        Waiter(Object monitor, long wakeAt) {
            this.monitor = monitor;
            this.wakeAt = wakeAt;
        }

        /** It has left its wait and, having acted, waits again (or blocks, or has ended). */
        boolean hasActed(Set<Waiter> waiting) {
            Thread.State state = thread.getState();
            return !waiting.contains(this) && (state != Thread.State.RUNNABLE && state != Thread.State.NEW);
        }
    }

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void timedWait(Object monitor, long nanos) throws InterruptedException {
        Waiter waiter = new Waiter(monitor, now.get() + nanos);
        waiters.add(waiter);
        try {
            monitor.wait(RECHECK_MILLIS);
        } finally {
            waiters.remove(waiter);
        }
    }

    /** Time passed since the clock was made, handy for assertions. */
    public Duration elapsed() {
        return Duration.ofNanos(now.get() - 1_000_000_000L);
    }

    public void advance(Duration by) {
        now.addAndGet(by.toNanos());
        awaitActed(wakeDue());
    }

    /** Moves time to the earliest moment a waiting thread wants to wake at; false when none waits. */
    public boolean advanceToNextWakeUp() {
        long next = waiters.stream().mapToLong(w -> w.wakeAt).min().orElse(Long.MIN_VALUE);
        if (next == Long.MIN_VALUE) {
            return false;
        }
        now.accumulateAndGet(next, Math::max);
        awaitActed(wakeDue());
        return true;
    }

    /** True while some thread waits for this clock. */
    public boolean hasWaiters() {
        return !waiters.isEmpty();
    }

    /** Moves time on, wake-up by wake-up, until {@code condition} holds (real time is bounded). */
    public void advanceUntil(BooleanSupplier condition) {
        long guard = System.nanoTime() + GUARD.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > guard) {
                throw new AssertionError("condition still false after " + GUARD + " of real time");
            }
            if (!advanceToNextWakeUp()) {
                Thread.yield(); // nothing waits on the clock yet: the code under test is still on its way
            }
        }
    }

    /**
     * Runs a call that blocks until paced work is done (such as a reply's finish) on another
     * thread, moving time on whenever something waits for it, and returns once the call has.
     */
    public void runAdvancing(Runnable call) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofVirtual().start(() -> {
            try {
                call.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        long guard = System.nanoTime() + GUARD.toNanos();
        try {
            while (thread.isAlive()) {
                if (System.nanoTime() > guard) {
                    throw new AssertionError("still running after " + GUARD + " of real time");
                }
                if (!advanceToNextWakeUp()) {
                    thread.join(1);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (failure.get() instanceof RuntimeException e) {
            throw e;
        }
        if (failure.get() instanceof Error e) {
            throw e;
        }
    }

    /** Wakes every waiter that is due; returns them. */
    private List<Waiter> wakeDue() {
        long t = now.get();
        List<Waiter> woken = new ArrayList<>();
        for (Waiter w : waiters) {
            if (w.wakeAt <= t) {
                woken.add(w);
                synchronized (w.monitor) {
                    w.monitor.notifyAll();
                }
            }
        }
        return woken;
    }

    /**
     * Returns once every woken thread has acted on the new time, so time never moves on under a
     * thread that has not yet seen the last move.
     */
    private void awaitActed(List<Waiter> woken) {
        long guard = System.nanoTime() + GUARD.toNanos();
        for (Waiter w : woken) {
            while (!w.hasActed(waiters)) {
                if (System.nanoTime() > guard) {
                    throw new AssertionError("a woken thread did not act within " + GUARD + " of real time");
                }
                Thread.yield();
            }
        }
    }
}
