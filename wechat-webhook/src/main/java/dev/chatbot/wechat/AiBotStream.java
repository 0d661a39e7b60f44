package dev.chatbot.wechat;

import dev.chatbot.core.reply.PolledReply;
import dev.chatbot.core.reply.Reply;
import dev.chatbot.core.reply.ReplyChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One WeCom AI-bot stream: what the refresh polls of one user message see. The model's answer
 * grows in a {@link PolledReply}; a command's answers (sent, not streamed) are shown the same way,
 * and the stream finishes when the message has been dealt with.
 */
final class AiBotStream implements ReplyChannel {

    private final PolledReply reply;
    private final long startedNanos;
    private final Object lock = new Object();

    // guarded by lock
    private final List<String> sent = new ArrayList<>();
    private boolean opened;

    AiBotStream(PolledReply reply, long startedNanos) {
        this.reply = reply;
        this.startedNanos = startedNanos;
    }

    long startedNanos() {
        return startedNanos;
    }

    PolledReply.Snapshot poll() {
        return reply.poll();
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
            }

            @Override
            public void grow(Supplier<String> textSoFar) {
                reply.grow(() -> before + textSoFar.get());
            }

            @Override
            public void finish(String finalText) {
                reply.finish(before + finalText);
            }

            @Override
            public void abandon() {
                reply.abandon();
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
    }

    /** The message has been dealt with: a stream that had no model answer ends with what was sent. */
    void done() {
        synchronized (lock) {
            if (!opened) {
                reply.finish(String.join("\n\n", sent));
            }
        }
    }
}
