package dev.chatbot.core.reply;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A platform's "typing…" sign, which shows for a few seconds only, sent again every
 * {@code repeat} until closed (the engine closes it when the answer's first words arrive, or at
 * the end) or for {@link #LONGEST} at most. One thread per sign, started on the first
 * {@link #start}; each platform says only how to send the sign once.
 */
public final class RepeatedTyping implements Typing {

    private static final Logger log = LoggerFactory.getLogger(RepeatedTyping.class);

    static final Duration LONGEST = Duration.ofMinutes(5);

    private final String name;
    private final Duration repeat;
    private final BooleanSupplier canSend;
    private final Runnable send;
    private final ReplyClock clock;
    private boolean started;
    private boolean stopped;

    /**
     * @param name    names the thread and the log line, e.g. the chat
     * @param canSend false once the platform connection is closing
     * @param send    sends the sign once; a failure is logged and the next repeat tried
     */
    public RepeatedTyping(String name, Duration repeat, BooleanSupplier canSend, Runnable send, ReplyClock clock) {
        this.name = name;
        this.repeat = repeat;
        this.canSend = canSend;
        this.send = send;
        this.clock = clock;
    }

    public synchronized RepeatedTyping start() {
        if (!started && !stopped) {
            started = true;
            Thread.ofVirtual().name("typing-" + name).start(this::run);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        stopped = true;
        notifyAll();
    }

    private void run() {
        long deadline = clock.nanoTime() + LONGEST.toNanos();
        try {
            while (true) {
                synchronized (this) {
                    if (stopped || !canSend.getAsBoolean() || clock.nanoTime() > deadline) {
                        return;
                    }
                }
                try {
                    send.run();
                } catch (RuntimeException e) {
                    log.debug("typing sign failed in {}: {}", name, e.toString());
                }
                synchronized (this) {
                    long until = clock.nanoTime() + repeat.toNanos();
                    long left;
                    while (!stopped && (left = until - clock.nanoTime()) > 0) {
                        clock.timedWait(this, left);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
