package dev.chatbot.core.reply;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The deadline shape, for platforms that take one answer per request and no edits (WeChat
 * Official Account, WeCom app): the whole answer goes back in the platform's response if it is
 * ready before the deadline; otherwise the platform is told "later" and the finished text is
 * handed to a push callback (a customer-service message, the next poll, ...).
 *
 * <p>Which of the two happens is decided once, by whichever comes first: the finish or the
 * deadline. Growing text is not shown: these platforms have nothing to show it with.
 */
public final class DeadlineReply implements Reply {

    private final FirstShown shown = new FirstShown();

    /** LATE: the platform was told "later" and the text is still to come; PUSHED: it has come. */
    private enum State { WAITING, IN_TIME, LATE, PUSHED, ABANDONED }

    private final ReplyClock clock;
    private final long deadline;
    private final Consumer<String> push;
    private final Object lock = new Object();

    // guarded by lock
    private State state = State.WAITING;
    private String answer;

    /**
     * Made when the platform's request arrives, since the deadline counts from then.
     *
     * @param patience how long the platform waits for its response (WeChat: 5 s, less a margin)
     * @param push     takes the finished text when it came too late for the response
     */
    public DeadlineReply(Duration patience, ReplyClock clock, Consumer<String> push) {
        this.clock = clock;
        this.deadline = clock.nanoTime() + patience.toNanos();
        this.push = push;
    }

    @Override
    public void update(String textSoFar) {
        // nothing to show a growing text with
    }

    @Override
    public void grow(Supplier<String> textSoFar) {
        // nor any reason to copy it
    }

    @Override
    public void whenShown(Runnable firstShown) {
        shown.listen(firstShown);
    }

    @Override
    public void finish(String finalText) {
        synchronized (lock) {
            if (state == State.WAITING && clock.nanoTime() < deadline) {
                state = State.IN_TIME;
                answer = finalText;
                lock.notifyAll();
                shown.shown(); // the waiting platform thread answers with it now
                return;
            }
            if (state != State.WAITING && state != State.LATE) {
                return; // the reply has had its final text, or must show none
            }
            state = State.PUSHED;
            lock.notifyAll();
        }
        push.accept(finalText);
        shown.shown();
    }

    @Override
    public void abandon() {
        synchronized (lock) {
            if (state == State.WAITING || state == State.LATE) {
                state = State.ABANDONED;
                lock.notifyAll();
            }
        }
    }

    /**
     * For the thread that owes the platform its response: waits until the answer is finished or
     * the deadline passes. The whole answer when it was in time; empty when the platform should
     * be told "later" (the answer then goes to the push callback) or the reply was abandoned.
     */
    public Optional<String> awaitInTime() throws InterruptedException {
        synchronized (lock) {
            long left;
            while (state == State.WAITING && (left = deadline - clock.nanoTime()) > 0) {
                clock.timedWait(lock, left);
            }
            if (state == State.WAITING) {
                state = State.LATE;
            }
            return state == State.IN_TIME ? Optional.of(answer) : Optional.empty();
        }
    }
}
