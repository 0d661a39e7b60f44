package dev.chatbot.core.engine;

import dev.chatbot.core.reply.Reply;
import dev.chatbot.core.reply.ReplyChannel;
import dev.chatbot.testsupport.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What one chat saw, in order, from several replicas: the first text of each answer ("a shows ..."),
 * its end ("a finishes <text>") and short messages ("a sends ..."), so tests of replicas sharing a chat
 * can tell which went first.
 */
final class ReplicaTranscript {

    private final List<String> seen = new CopyOnWriteArrayList<>();

    List<String> lines() {
        return seen;
    }

    /** The index of the first line starting with {@code what}, -1 when none. */
    int first(String what) {
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i).startsWith(what)) {
                return i;
            }
        }
        return -1;
    }

    void await(String what, Duration within) {
        Eventually.await(what, within, () -> first(what) >= 0);
    }

    /** A reply channel noting what {@code replica} showed the chat. */
    ReplyChannel channel(String replica) {
        return new ReplyChannel() {
            @Override
            public Reply open() {
                return new Reply() {
                    private boolean shown;

                    @Override
                    public void update(String textSoFar) {
                        if (!shown && !textSoFar.isBlank()) {
                            shown = true;
                            seen.add(replica + " shows " + textSoFar);
                        }
                    }

                    @Override
                    public void finish(String finalText) {
                        update(finalText);
                        seen.add(replica + " finishes " + finalText);
                    }

                    @Override
                    public void abandon() {
                    }
                };
            }

            @Override
            public void send(String text) {
                seen.add(replica + " sends " + text);
            }
        };
    }
}
