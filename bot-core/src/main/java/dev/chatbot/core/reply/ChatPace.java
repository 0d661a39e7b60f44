package dev.chatbot.core.reply;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When the next send or edit in one chat may go out: at most one per interval, and never
 * before a platform's retry-after has passed. Shared by every reply in the chat.
 */
public final class ChatPace {

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long nextAllowed;

    public ChatPace(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
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
    }

    /** Holds every call back for the platform's retry-after. */
    public synchronized void pause(Duration retryAfter) {
        nextAllowed = Math.max(nextAllowed, nanoClock.getAsLong() + retryAfter.toNanos());
    }
}
