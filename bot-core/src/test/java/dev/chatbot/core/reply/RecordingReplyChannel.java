package dev.chatbot.core.reply;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A reply channel that keeps what a user would finally see, message by message. */
public final class RecordingReplyChannel implements ReplyChannel {

    public final List<String> messages = new CopyOnWriteArrayList<>();

    @Override
    public Reply open() {
        return new Reply() {
            @Override
            public void update(String textSoFar) {
            }

            @Override
            public void finish(String finalText) {
                messages.add(finalText);
            }

            @Override
            public void abandon() {
            }
        };
    }

    @Override
    public void send(String text) {
        messages.add(text);
    }

    public void awaitMessages(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (messages.size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " messages, got " + messages);
            }
            Thread.sleep(10);
        }
    }
}
