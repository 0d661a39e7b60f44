package dev.chatbot.core.limits;

import dev.chatbot.core.reply.Reply;
import dev.chatbot.core.reply.ReplyChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every message the engine shows in one chat: short sends and finished or failed answers. */
final class RecordingChannel implements ReplyChannel {

    final List<String> shown = new CopyOnWriteArrayList<>();

    @Override
    public Reply open() {
        return new Reply() {
            @Override
            public void update(String textSoFar) {
            }

            @Override
            public void finish(String finalText) {
                shown.add(finalText);
            }

            @Override
            public void fail(String message) {
                shown.add(message);
            }
        };
    }

    @Override
    public void send(String text) {
        shown.add(text);
    }
}
