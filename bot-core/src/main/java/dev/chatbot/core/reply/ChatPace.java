package dev.chatbot.core.reply;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When the next send or edit in one chat may go out: at most one per interval, and never
 * before a platform's retry-after has passed. Shared by every reply in the chat.
 *
 * <p>A 429 means the pace was too quick for the platform, so besides holding calls back for the
 * retry-after, the interval doubles (up to {@link #MAX_SLOWDOWN} times the configured one). After
 * {@link #CALLS_TO_RECOVER} calls in a row without a 429 it halves again, back to the configured
 * interval: the pace finds what the platform tolerates instead of hitting the same wall.
 */
public final class ChatPace {

    static final int MAX_SLOWDOWN = 8;
    static final int CALLS_TO_RECOVER = 20;

    private final long baseIntervalNanos;
    private final LongSupplier nanoClock;
    private long intervalNanos;
    private long nextAllowed;
    private int callsSinceSlowdown;

    public ChatPace(Duration interval, LongSupplier nanoClock) {
        this.baseIntervalNanos = interval.toNanos();
        this.intervalNanos = baseIntervalNanos;
        this.nanoClock = nanoClock;
        this.nextAllowed = nanoClock.getAsLong();
    }

    public ChatPace(Duration interval) {
        this(interval, System::nanoTime);
    }

    /** How long to wait before the next call; zero when one may go now. */
    public synchronized Duration waitTime() {
        long wait = nextAllowed - nanoClock.getAsLong();
        return wait <= 0 ? Duration.ZERO : Duration.ofNanos(wait);
    }

    /** Records a call that just went out. */
    public synchronized void sent() {
        nextAllowed = Math.max(nextAllowed, nanoClock.getAsLong() + intervalNanos);
        if (intervalNanos > baseIntervalNanos && ++callsSinceSlowdown >= CALLS_TO_RECOVER) {
            intervalNanos = Math.max(baseIntervalNanos, intervalNanos / 2);
            callsSinceSlowdown = 0;
        }
    }

    /** Holds every call back for the platform's retry-after and slows the pace down. */
    public synchronized void pause(Duration retryAfter) {
        hold(retryAfter);
        intervalNanos = Math.min(Math.max(intervalNanos * 2, 1), Math.max(baseIntervalNanos * MAX_SLOWDOWN, 1));
        callsSinceSlowdown = 0;
    }

    /** Holds every call back for a while without slowing the pace down. */
    public synchronized void hold(Duration wait) {
        nextAllowed = Math.max(nextAllowed, nanoClock.getAsLong() + wait.toNanos());
    }

    /** The interval in force now: the configured one, or longer after recent 429s. */
    public synchronized Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }
}
