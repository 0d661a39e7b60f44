package dev.chatbot.core.reply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reply that sends, then edits in place, at the chat's pace. Updates only record the newest
 * text, so a token costs nothing; a pump thread sends whatever is newest when the pace allows,
 * which means that after a pause (pace or 429) the next edit carries everything that arrived
 * meanwhile. Edits that would change nothing are never sent; long answers continue in new messages.
 */
public final class PacedReply implements Reply {

    private static final Logger log = LoggerFactory.getLogger(PacedReply.class);

    static final int MAX_FAILURES = 5;
    static final Duration FAILURE_BACKOFF = Duration.ofSeconds(1);
    static final Duration FINISH_TIMEOUT = Duration.ofMinutes(5);

    private final MessageSurface surface;
    private final ChatPace pace;
    private final MessageSplitter splitter;
    private final Object lock = new Object();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private final List<String> messageIds = new ArrayList<>();
    private final List<String> shownParts = new ArrayList<>();

    private String latest = "";
    private String delivered = "";
    private boolean finished;
    private boolean pumpStarted;

    public PacedReply(MessageSurface surface, ChatPace pace) {
        this.surface = surface;
        this.pace = pace;
        this.splitter = new MessageSplitter(surface.maxLength());
    }

    @Override
    public void update(String textSoFar) {
        synchronized (lock) {
            if (finished || textSoFar.equals(latest)) {
                return;
            }
            latest = textSoFar;
            lock.notifyAll();
            startPumpIfNeeded();
        }
    }

    @Override
    public void finish(String finalText) {
        synchronized (lock) {
            if (!finished) {
                latest = finalText;
                finished = true;
                lock.notifyAll();
                startPumpIfNeeded();
            }
        }
        try {
            done.get(FINISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Reply was not fully delivered: {}", e.toString());
        }
    }

    @Override
    public void fail(String message) {
        String shown;
        synchronized (lock) {
            shown = latest;
        }
        finish(shown.isBlank() ? message : shown + "\n\n⚠️ " + message);
    }

    /** Ids of the platform messages this reply used, in order. */
    public List<String> messageIds() {
        synchronized (lock) {
            return List.copyOf(messageIds);
        }
    }

    private void startPumpIfNeeded() {
        if (!pumpStarted) {
            pumpStarted = true;
            Thread.ofVirtual().name("reply-pump").start(this::pump);
        }
    }

    private void pump() {
        int failures = 0;
        try {
            while (true) {
                synchronized (lock) {
                    while (!finished && latest.equals(delivered)) {
                        lock.wait();
                    }
                }
                sleep(pace.waitTime());
                String text;
                boolean last;
                synchronized (lock) {
                    text = latest;
                    last = finished;
                }
                if (!text.isBlank() && !text.equals(delivered)) {
                    try {
                        deliver(text);
                        delivered = text;
                        failures = 0;
                    } catch (ReplyRateLimitedException e) {
                        pace.pause(e.retryAfter());
                        continue;
                    } catch (RuntimeException e) {
                        if (++failures >= MAX_FAILURES) {
                            log.warn("Giving up on a reply after {} failures: {}", failures, e.toString());
                            return;
                        }
                        log.debug("Reply delivery failed, retrying: {}", e.toString());
                        pace.pause(FAILURE_BACKOFF);
                        continue;
                    }
                }
                if (last && (text.isBlank() || text.equals(delivered))) {
                    synchronized (lock) {
                        if (latest.equals(delivered) || latest.isBlank()) {
                            return;
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done.complete(null);
        }
    }

    private void deliver(String text) throws InterruptedException {
        List<String> parts = splitter.split(text);
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.isBlank()) {
                continue;
            }
            if (i < messageIds.size()) {
                if (!shownParts.get(i).equals(part)) {
                    sleep(pace.waitTime());
                    surface.edit(messageIds.get(i), part);
                    pace.sent();
                    shownParts.set(i, part);
                }
            } else {
                sleep(pace.waitTime());
                String id = surface.send(part);
                pace.sent();
                synchronized (lock) {
                    messageIds.add(id);
                }
                shownParts.add(part);
            }
        }
    }

    private static void sleep(Duration d) throws InterruptedException {
        if (!d.isZero()) {
            Thread.sleep(d);
        }
    }
}
