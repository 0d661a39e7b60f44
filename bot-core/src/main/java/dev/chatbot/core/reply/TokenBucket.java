package dev.chatbot.core.reply;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A budget of calls shared by every chat of one bot account, such as Telegram's "about 30
 * messages a second": up to {@code burst} calls at once, then one per 1/{@code perSecond} s.
 * Callers that find it spent wait their turn, in the order they reserved it (the generic cell
 * rate algorithm: one timestamp, integer arithmetic, no refill thread).
 */
public final class TokenBucket {

    private final long emissionNanos;
    private final long toleranceNanos;
    private final LongSupplier nanoClock;
    private long theoreticalArrival;

    public TokenBucket(double perSecond, int burst, LongSupplier nanoClock) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("perSecond and burst must be positive");
        }
        this.emissionNanos = Math.max(1, Math.round(1e9 / perSecond));
        this.toleranceNanos = (burst - 1) * emissionNanos;
        this.nanoClock = nanoClock;
        this.theoreticalArrival = nanoClock.getAsLong();
    }

    public TokenBucket(double perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    /** Takes one call from the budget and says how long the caller must wait before making it. */
    public synchronized Duration reserve() {
        long now = nanoClock.getAsLong();
        theoreticalArrival = Math.max(theoreticalArrival, now);
        long wait = theoreticalArrival - toleranceNanos - now;
        theoreticalArrival += emissionNanos;
        return wait <= 0 ? Duration.ZERO : Duration.ofNanos(wait);
    }

    /** Takes one call from the budget, waiting as long as it takes. */
    public void acquire() throws InterruptedException {
        Duration wait = reserve();
        if (!wait.isZero()) {
            Thread.sleep(wait);
        }
    }
}
