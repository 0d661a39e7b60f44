package dev.chatbot.core.reply;

import java.util.concurrent.atomic.AtomicBoolean;

/** Tells its listener once, when an answer's text first reaches the user (for the time-to-first-visible-text metric). */
final class FirstShown {

    private volatile Runnable listener = () -> {
    };
    private final AtomicBoolean told = new AtomicBoolean();

    void listen(Runnable listener) {
        this.listener = listener;
    }

    /** Text reached the user now; only the first call counts. Cheap after that: one read. */
    void shown() {
        if (!told.get() && told.compareAndSet(false, true)) {
            listener.run();
        }
    }
}
