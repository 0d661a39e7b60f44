package dev.chatbot.core.reply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edit-in-place shape: a reply that grows at the chat's pace. Updates only record the newest
 * text, so a token costs nothing; a pump thread shows whatever is newest when the pace allows,
 * which means that after a pause (pace or 429) the next call carries everything that arrived
 * meanwhile. Calls that would change nothing are never made; long answers continue in new
 * messages, and buttons go under the last one.
 *
 * <p>Where the surface has previews, the part being written grows as a preview (at the preview
 * pace) and is sent as a message once it is final: when the next part begins, or at the finish.
 * Elsewhere, or once the platform refuses previews, the part is sent and then edited in place.
 *
 * <p>Every call the platform sees goes through this pump, so one loop handles its 429s; the
 * bot's own short messages and messages with buttons are replies finished at once.
 *
 * <p>Each new message is noted in the {@link AnswerJournal}, and a reply whose journal names
 * messages an earlier run showed edits those instead of sending new ones, so an answer taken up
 * after a crash continues the partial message it left. A message the user deleted
 * ({@link MessageGoneException}) is shown again as a new message.
 */
public final class EditInPlaceReply implements Reply {

    private final FirstShown shown = new FirstShown();

    private static final Logger log = LoggerFactory.getLogger(EditInPlaceReply.class);

    static final int MAX_FAILURES = 5;
    static final Duration FAILURE_BACKOFF = Duration.ofSeconds(1);
    /** Real time, not the pace clock's: a safety net for the caller, should the platform hang. */
    static final Duration FINISH_TIMEOUT = Duration.ofMinutes(5);

    /** What one message shows. */
    private record Shown(String text, List<Choice> choices) {
    }

    /** A message an earlier run showed: its text is not known, so the first delivery edits it. */
    private static final Shown UNKNOWN = new Shown(null, List.of());

    private final MessageSurface surface;
    private final ChatPaces.Chat chat;
    private final ChatPace pace;
    private final ChatPace previewPace;
    private final ReplyClock clock;
    private final MessageSplitter splitter;
    private final Object lock = new Object();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AnswerJournal journal;

    private final List<String> messageIds = new ArrayList<>();

    // guarded by lock
    private String latest = "";
    /**
     * Where the newest text comes from when the caller grows it; read only when the pump looks.
     * Written under the lock, read without it by {@link #grow}'s per-token fast path.
     */
    private volatile Supplier<String> growing;
    /** Set per token without the lock: the pump copies the text only when its pace lets it look. */
    private volatile boolean grown;
    /** The pump is waiting for text, so a token must wake it; at any other time a token only marks {@link #grown}. */
    private volatile boolean pumpIdle;
    private boolean finished;
    private List<Choice> choices = List.of();
    private boolean abandoned;
    private boolean pumpStarted;

    // the pump thread's own
    private final List<Shown> shownParts = new ArrayList<>();
    private String delivered = "";
    private boolean deliveredFinal;
    private String previewed = "";

    /** A reply with one chat's paces and its memory of whether previews are refused there. */
    public EditInPlaceReply(MessageSurface surface, ChatPaces.Chat chat) {
        this(surface, chat, AnswerJournal.NONE);
    }

    /** A reply that continues the messages {@code journal} names and notes each one it adds. */
    public EditInPlaceReply(MessageSurface surface, ChatPaces.Chat chat, AnswerJournal journal) {
        this.surface = surface;
        this.journal = journal;
        for (String id : journal.shownIn()) {
            messageIds.add(id);
            shownParts.add(UNKNOWN);
        }
        this.chat = chat;
        this.pace = chat.messages();
        this.previewPace = chat.previews();
        this.clock = chat.clock();
        this.splitter = new MessageSplitter(surface.maxLength(), surface::measure);
    }

    /** A reply paced on its own, without previews and in real time. */
    public EditInPlaceReply(MessageSurface surface, ChatPace pace) {
        this(surface, new ChatPaces.Chat(pace, null, ReplyClock.SYSTEM));
    }

    @Override
    public void update(String textSoFar) {
        synchronized (lock) {
            if (finished || growing == null && textSoFar.equals(latest)) {
                return;
            }
            growing = null;
            grown = false;
            latest = textSoFar;
            lock.notifyAll();
            startPumpIfNeeded();
        }
    }

    /**
     * Records only that there is more to show: the copy of the text is made when the pump takes it.
     * Called for every token, so after the first call from a grower it takes no lock and wakes
     * nobody unless the pump is idle waiting for text: a pump pacing its calls, or sleeping until
     * its pace allows the next one, looks when it is due.
     */
    @Override
    public void grow(Supplier<String> textSoFar) {
        if (growing == textSoFar) {
            // growing is cleared under the lock by update, finish and latest's readers never see it half-set;
            // grown is written before pumpIdle is read and the pump does the reverse, so one of us sees the other
            grown = true;
            if (pumpIdle) {
                synchronized (lock) {
                    lock.notifyAll();
                }
            }
            return;
        }
        synchronized (lock) {
            if (finished) {
                return;
            }
            growing = textSoFar;
            grown = true;
            lock.notifyAll();
            startPumpIfNeeded();
        }
    }

    @Override
    public void finish(String finalText) {
        finish(finalText, List.of());
    }

    /** The final text with buttons under its last message. */
    @Override
    public void finish(String finalText, List<Choice> buttons) {
        synchronized (lock) {
            if (!finished) {
                growing = null;
                grown = false;
                latest = finalText;
                choices = List.copyOf(buttons);
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
    public void abandon() {
        synchronized (lock) {
            abandoned = true;
            finished = true;
            lock.notifyAll();
            if (!pumpStarted) {
                done.complete(null);
            }
        }
    }

    /** Ids of the platform messages this reply used, in order. */
    public List<String> messageIds() {
        synchronized (lock) {
            return List.copyOf(messageIds);
        }
    }

    /** The newest text, taken from the grower when it has grown since the last look. Under lock. */
    private String latest() {
        if (grown) {
            grown = false;
            Supplier<String> source = growing;
            if (source != null) { // null when update or finish replaced the grower after this token
                latest = source.get();
            }
        }
        return latest;
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
                boolean last;
                synchronized (lock) {
                    awaitNewText();
                    last = finished;
                    // checked before the pace wait: finish() returns as soon as the final text is shown,
                    // not a pace interval later (the inbox forgets the message only then)
                    if (abandoned || last && isShownFinal(latest())) {
                        return;
                    }
                }
                if (isPreviewing(last)) {
                    // the end of the answer need not wait for the next preview slot: it goes out as a message
                    awaitUnlessFinished(previewPace.waitTime());
                    synchronized (lock) {
                        last = finished;
                    }
                }
                if (!isPreviewing(last)) {
                    sleep(pace.waitTime());
                }
                String text;
                List<Choice> buttons;
                synchronized (lock) {
                    if (abandoned) {
                        return;
                    }
                    text = latest();
                    last = finished;
                    buttons = choices;
                }
                if (last && isShownFinal(text)) {
                    return;
                }
                if (text.isBlank()) {
                    delivered = text; // nothing worth showing yet
                    continue;
                }
                try {
                    deliver(text, last, buttons);
                    delivered = text;
                    deliveredFinal = last;
                    failures = 0;
                } catch (ReplyRateLimitedException e) {
                    pace.pause(e.retryAfter());
                    if (previewPace != pace) {
                        previewPace.pause(e.retryAfter());
                    }
                } catch (PreviewRefusedException e) {
                    if (chat.refusePreviews()) {
                        log.info("Previews refused in a chat ({}); editing messages there instead", e.getMessage());
                    }
                } catch (SurfaceClosedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (++failures >= MAX_FAILURES) {
                        log.warn("Giving up on a reply after {} failures: {}", failures, e.toString());
                        return;
                    }
                    log.debug("Reply delivery failed, retrying: {}", e.toString());
                    pace.hold(FAILURE_BACKOFF); // not a sign of going too fast, so no slow-down
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done.complete(null);
        }
    }

    /**
     * Returns once there is text not yet delivered, or the reply is finished. While the pace allows
     * no call, the pump sleeps until it does and only then looks, so the tokens meanwhile wake
     * nobody; only a pump that could call at once and has nothing to show is woken by the next
     * token. Under lock.
     */
    private void awaitNewText() throws InterruptedException {
        while (!finished) {
            long due = (isPreviewing(false) ? previewPace : pace).waitTime().toNanos();
            if (due > 0) {
                if (!latest().equals(delivered)) {
                    return;
                }
                clock.timedWait(lock, due);
                continue;
            }
            pumpIdle = true; // before looking at grown: see grow
            try {
                if (!latest().equals(delivered)) {
                    return;
                }
                lock.wait();
            } finally {
                pumpIdle = false;
            }
        }
    }

    /** Nothing left to show of a finished reply. */
    private boolean isShownFinal(String text) {
        return text.isBlank() || text.equals(delivered) && deliveredFinal;
    }

    private boolean isPreviewing(boolean last) {
        return !last && chat.previewsAllowed() && surface.canPreview();
    }

    @Override
    public void whenShown(Runnable firstShown) {
        shown.listen(firstShown);
    }

    private void deliver(String text, boolean last, List<Choice> buttons) throws InterruptedException {
        List<String> parts = splitter.split(text);
        boolean previewing = isPreviewing(last);
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.isBlank()) {
                continue;
            }
            boolean growing = i == parts.size() - 1;
            Shown wanted = new Shown(part, last && growing ? buttons : List.of());
            if (previewing && growing && i >= messageIds.size()) {
                if (!part.equals(previewed)) {
                    call(previewPace, () -> {
                        surface.preview(part);
                        return null;
                    });
                    previewed = part;
                }
            } else if (i < messageIds.size()) {
                if (!shownParts.get(i).equals(wanted)) {
                    String id = messageIds.get(i);
                    try {
                        call(pace, () -> {
                            surface.edit(id, wanted.text(), wanted.choices());
                            return null;
                        });
                    } catch (MessageGoneException e) {
                        // deleted by the user: this part goes on in a new message rather than nowhere
                        log.debug("Message {} is gone ({}); showing its part anew", id, e.getMessage());
                        String replacement = call(pace, () -> surface.send(wanted.text(), wanted.choices()));
                        noteShown(i, replacement);
                    }
                    shownParts.set(i, wanted);
                }
            } else {
                String id = call(pace, () -> surface.send(wanted.text(), wanted.choices()));
                noteShown(i, id);
                shownParts.add(wanted);
                previewed = "";
            }
        }
        if (!messageIds.isEmpty() || !previewed.isEmpty()) {
            shown.shown();
        }
    }

    /** Part {@code i} now shows in message {@code id}: kept here and in the journal. */
    private void noteShown(int i, String id) {
        List<String> ids;
        synchronized (lock) {
            if (i < messageIds.size()) {
                messageIds.set(i, id);
            } else {
                messageIds.add(id);
            }
            ids = List.copyOf(messageIds);
        }
        journal.showing(ids);
    }

    private <T> T call(ChatPace chatPace, Supplier<T> operation) throws InterruptedException {
        sleep(chatPace.waitTime());
        T result = operation.get();
        chatPace.sent();
        return result;
    }

    private void awaitUnlessFinished(Duration d) throws InterruptedException {
        long deadline = clock.nanoTime() + d.toNanos();
        synchronized (lock) {
            long left;
            while (!finished && (left = deadline - clock.nanoTime()) > 0) {
                clock.timedWait(lock, left);
            }
        }
    }

    private void sleep(Duration d) throws InterruptedException {
        if (!d.isZero()) {
            clock.sleep(d);
        }
    }
}
