package dev.chatbot.bench;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Joins the two fakes' views: when each token left the model, and when a Telegram call first
 * showed it. Added latency of a token = call time - max(token sent, earliest moment the chat's
 * pace allowed the call), i.e. the delay the bot added beyond what pacing deliberately held back.
 */
final class LatencyTracker implements BenchLlmServer.Listener, BenchTelegramServer.Listener {

    private static final boolean DEBUG = Boolean.getBoolean("bench.debug");

    private final Answer answer;
    private final long paceNanos;
    private final long draftPaceNanos;
    private volatile Samples addedLatency = new Samples();
    private volatile Samples timeToFirstText = new Samples();
    private volatile Samples wholeAnswer = new Samples();
    private final AtomicLong wrongTexts = new AtomicLong();
    private final ConcurrentMap<Long, Chat> chats = new ConcurrentHashMap<>();
    private final LongConsumer onAnswered;

    /** One chat's answer in progress, and its pace across answers. */
    private final class Chat {
        final long[] tokenSent;
        long askedAt;
        long lastCallAt = Long.MIN_VALUE / 2;
        long lastDraftAt = Long.MIN_VALUE / 2;
        int shown;
        boolean firstTextSeen;
        boolean answered;

        Chat() {
            tokenSent = new long[answer.tokens().size()];
        }
    }

    /**
     * @param paceNanos      least time between sends/edits in one chat (the bot's per-chat pace)
     * @param draftPaceNanos least time between drafts in one chat
     */
    LatencyTracker(Answer answer, long paceNanos, long draftPaceNanos, LongConsumer onAnswered) {
        this.answer = answer;
        this.paceNanos = paceNanos;
        this.draftPaceNanos = draftPaceNanos;
        this.onAnswered = onAnswered;
    }

    void asked(long chatId, long nanos) {
        Chat c = chats.computeIfAbsent(chatId, id -> new Chat());
        synchronized (c) {
            c.askedAt = nanos;
            c.shown = 0;
            c.firstTextSeen = false;
            c.answered = false;
            java.util.Arrays.fill(c.tokenSent, 0L);
        }
    }

    @Override
    public void tokenSent(long chatId, int index, long nanos) {
        Chat c = chats.get(chatId);
        if (c == null) {
            return; // a warm-up chat, not measured
        }
        synchronized (c) {
            c.tokenSent[index] = nanos;
        }
    }

    @Override
    public void shown(long chatId, String method, String text, long nanos) {
        Chat c = chats.get(chatId);
        if (c == null) {
            return;
        }
        boolean answeredNow = false;
        synchronized (c) {
            if (!answer.text().startsWith(text)) {
                wrongTexts.incrementAndGet();
            }
            int now = answer.tokensShown(text.length());
            boolean draft = method.equals("sendmessagedraft");
            long allowedAt = draft ? c.lastDraftAt + draftPaceNanos : c.lastCallAt + paceNanos;
            if (!draft && c.lastDraftAt > c.askedAt) {
                // while drafts show the answer, a token waits for the next draft slot, or for the end of
                // the stream when the final message comes sooner: that wait is pacing too
                long streamEnd = c.tokenSent[c.tokenSent.length - 1];
                long draftSlot = c.lastDraftAt + draftPaceNanos;
                allowedAt = Math.max(allowedAt, streamEnd == 0 ? draftSlot : Math.min(draftSlot, streamEnd));
            }
            for (int i = c.shown; i < now; i++) {
                long sent = c.tokenSent[i];
                if (sent != 0) {
                    long added = Math.max(0, nanos - Math.max(sent, allowedAt));
                    addedLatency.add(added);
                    if (DEBUG && added > 50_000_000L) {
                        System.err.printf("slow: chat %d token %d %s added %d ms (sent %d, allowed %d, shown %d)%n", chatId, i,
                                method, added / 1_000_000, sent / 1_000_000, allowedAt / 1_000_000, nanos / 1_000_000);
                    }
                }
            }
            c.shown = Math.max(c.shown, now);
            if (!c.firstTextSeen && !text.isEmpty()) {
                c.firstTextSeen = true;
                timeToFirstText.add(nanos - c.askedAt);
            }
            if (draft) {
                c.lastDraftAt = nanos;
            } else {
                c.lastCallAt = nanos;
            }
            if (!c.answered && text.equals(answer.text()) && !method.equals("sendmessagedraft")) {
                c.answered = true;
                answeredNow = true;
                wholeAnswer.add(nanos - c.askedAt);
            }
        }
        if (answeredNow) {
            onAnswered.accept(chatId);
        }
    }

    /** Drops the latencies so far (a warm-up wave's); wrong texts are still counted. */
    void clearLatencies() {
        addedLatency = new Samples();
        timeToFirstText = new Samples();
        wholeAnswer = new Samples();
    }

    /** From the question to the final message with the whole answer. */
    Samples wholeAnswer() {
        return wholeAnswer;
    }

    Samples addedLatency() {
        return addedLatency;
    }

    Samples timeToFirstText() {
        return timeToFirstText;
    }

    long wrongTexts() {
        return wrongTexts.get();
    }
}
