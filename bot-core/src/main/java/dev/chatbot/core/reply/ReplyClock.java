package dev.chatbot.core.reply;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The time replies pace themselves by, and their only way of waiting for it: the real one in
 * the app, a virtual one in tests, so a test of a 3 s pace takes no 3 s.
 */
public interface ReplyClock {

    /** The real time: {@link System#nanoTime()} and the monitor's own timed wait. */
    ReplyClock SYSTEM = new ReplyClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void timedWait(Object monitor, long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.timedWait(monitor, nanos);
        }
    };

    /** A monotonic reading in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /**
     * Waits on {@code monitor}, whose lock the caller holds, for at most {@code nanos} of this
     * clock's time or until notified. Like {@link Object#wait(long)} it may return early, so
     * callers check their condition and the time again in a loop.
     */
    void timedWait(Object monitor, long nanos) throws InterruptedException;

    /** Sleeps for {@code duration} of this clock's time. */
    default void sleep(Duration duration) throws InterruptedException {
        Object monitor = new Object();
        long until = nanoTime() + duration.toNanos();
        synchronized (monitor) {
            long left;
            while ((left = until - nanoTime()) > 0) {
                timedWait(monitor, left);
            }
        }
    }
}
