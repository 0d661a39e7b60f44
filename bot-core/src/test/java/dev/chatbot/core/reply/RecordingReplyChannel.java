package dev.chatbot.core.reply;

import dev.chatbot.testsupport.Eventually;
import java.time.Duration;
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

    public void awaitMessages(int n) {
        Eventually.await(n + " messages", Duration.ofSeconds(15), () -> messages.size() >= n, () -> "messages: " + messages);
    }
}
