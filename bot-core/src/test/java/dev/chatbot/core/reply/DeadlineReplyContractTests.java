package dev.chatbot.core.reply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** The reply contract for the deadline shape, answered within the platform's patience (WeChat). */
class DeadlineReplyContractTests extends ReplyContract {

    /** How long the platform waits for its response. */
    Duration patience() {
        return Duration.ofHours(1);
    }

    @Override
    protected Seen open() {
        List<String> pushed = new CopyOnWriteArrayList<>();
        DeadlineReply reply = new DeadlineReply(patience(), clock, pushed::add);
        CompletableFuture<Optional<String>> response = CompletableFuture.supplyAsync(() -> {
            try {
                return reply.awaitInTime();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        return new Seen() {
            @Override
            public Reply reply() {
                return reply;
            }

            @Override
            public List<String> shown() {
                return finals();
            }

            @Override
            public List<String> finals() {
                clock.advanceUntil(response::isDone);
                List<String> all = new ArrayList<>();
                response.join().ifPresent(all::add);
                all.addAll(pushed);
                return all;
            }
        };
    }
}
