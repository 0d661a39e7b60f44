package dev.chatbot.wechat;

import dev.chatbot.core.RootCause;
import dev.chatbot.core.reply.PolledReply;
import dev.chatbot.core.reply.Reply;
import dev.chatbot.core.reply.ReplyChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WeCom AI-bot stream: what the refresh polls of one user message see. The model's answer
 * grows in a {@link PolledReply}; a command's answers (sent, not streamed) are shown the same way,
 * and the stream finishes when the message has been dealt with. What a poll would see is shared
 * through Redis ({@link SharedStreams}), at most once per share interval while it grows and at
 * once when it finishes, so a poll reaching any replica shows it.
 */
final class AiBotStream implements ReplyChannel {

    private static final Logger log = LoggerFactory.getLogger(AiBotStream.class);
    private static final long WRITE_TIMEOUT_SECONDS = 5;
    /** WeCom shows at most ten msg_item entries on a stream. */
    private static final int MAX_PICTURES = 10;

    private final PolledReply reply;
    private final SharedStreams shared;
    private final String key;
    private final long startedMillis;
    private final Object lock = new Object();
    private final Object shareLock = new Object();

    // guarded by lock
    private final List<String> sent = new ArrayList<>();
    private final List<StreamPicture> pictures = new ArrayList<>();
    private boolean opened;

    // guarded by shareLock
    private boolean shareDue;
    private PolledReply.Snapshot lastShared;
    private int picturesShared;

    /**
     * @param key           the stream's Redis key
     * @param startedMillis when the user's message came (epoch ms): WeCom polls for so long from then
     */
    AiBotStream(PolledReply reply, SharedStreams shared, String key, long startedMillis) {
        this.reply = reply;
        this.shared = shared;
        this.key = key;
        this.startedMillis = startedMillis;
    }

    /** Shares what a poll would see now and waits until Redis has it; returns it. */
    PolledReply.Snapshot shareNow() {
        PolledReply.Snapshot snapshot;
        CompletableFuture<Void> written;
        synchronized (shareLock) {
            shareDue = false;
            snapshot = reply.poll();
            List<StreamPicture> shown;
            synchronized (lock) {
                shown = List.copyOf(pictures);
            }
            if (snapshot.equals(lastShared) && shown.size() == picturesShared) {
                return snapshot;
            }
            lastShared = snapshot;
            picturesShared = shown.size();
            // dispatched under the lock: Redis gets one stream's snapshots in the order they were taken
            written = shared.save(key, snapshot, startedMillis, shown);
        }
        try {
            written.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Could not share an AI bot stream through Redis: {}", RootCause.describe(e));
        }
        return snapshot;
    }

    /** The text grew: shared within one share interval, however many times it grows meanwhile. */
    private void changed() {
        synchronized (shareLock) {
            if (shareDue) {
                return;
            }
            shareDue = true;
        }
        // on a virtual thread: the share waits for Redis, which must not hold up the common pool
        CompletableFuture.runAsync(this::shareNow, CompletableFuture.delayedExecutor(
                shared.shareInterval().toNanos(), TimeUnit.NANOSECONDS, task -> Thread.ofVirtual().start(task)));
    }

    @Override
    public Reply open() {
        String before;
        synchronized (lock) {
            opened = true;
            before = sent.isEmpty() ? "" : String.join("\n\n", sent) + "\n\n";
        }
        return new Reply() {
            @Override
            public void update(String textSoFar) {
                reply.update(before + textSoFar);
                changed();
            }

            @Override
            public void grow(Supplier<String> textSoFar) {
                reply.grow(() -> before + textSoFar.get());
                changed();
            }

            @Override
            public void finish(String finalText) {
                reply.finish(before + finalText);
                shareNow();
            }

            @Override
            public void abandon() {
                reply.abandon();
                shareNow();
            }
        };
    }

    @Override
    public void send(String text) {
        synchronized (lock) {
            sent.add(text);
            if (!opened) {
                reply.update(String.join("\n\n", sent));
            }
        }
        changed();
    }

    /**
     * Keeps the picture for the stream's finishing refresh, which shows it below the text (msg_item);
     * the caption is left out, as on WeChat's other image messages. Re-encoded when it is not a PNG or
     * JPEG within WeCom's 10 MB.
     */
    @Override
    public boolean sendPicture(byte[] image, String caption) {
        StreamPicture picture = StreamPicture.of(PictureUpload.fit(image, PictureUpload.WECOM_MAX_BYTES).bytes());
        synchronized (lock) {
            if (pictures.size() >= MAX_PICTURES) {
                return false;
            }
            pictures.add(picture);
        }
        changed();
        return true;
    }

    /** The message has been dealt with: a stream that had no model answer ends with what was sent. */
    void done() {
        synchronized (lock) {
            if (!opened) {
                reply.finish(String.join("\n\n", sent));
            }
        }
        shareNow();
    }
}
