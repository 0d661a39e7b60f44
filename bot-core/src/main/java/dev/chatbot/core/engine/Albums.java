package dev.chatbot.core.engine;

import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.reply.ReplyChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Gathers the messages of one album (Telegram sends each photo of an album as a message of its
 * own, sharing a media_group_id) into the first of them, answered once: the album is complete when
 * no further part arrived for a short quiet time. The other parts' futures complete with the
 * album's answer, so an inbox forgets none of them before it is answered.
 */
final class Albums {

    static final Duration DEFAULT_QUIET = Duration.ofMillis(900);

    private final Duration quiet;
    private final BiFunction<InboundMessage, ReplyChannel, CompletableFuture<Void>> answer;
    private final Map<String, Gathering> open = new ConcurrentHashMap<>();

    /** @param answer takes the gathered album, as the engine takes any message */
    Albums(Duration quiet, BiFunction<InboundMessage, ReplyChannel, CompletableFuture<Void>> answer) {
        this.quiet = quiet;
        this.answer = answer;
    }

    private static final class Gathering {
        InboundMessage message;
        final ReplyChannel channel;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        long version;

        Gathering(InboundMessage message, ReplyChannel channel) {
            this.message = message;
            this.channel = channel;
        }
    }

    CompletableFuture<Void> offer(InboundMessage part, ReplyChannel channel) {
        String key = part.chat().id() + "/" + part.albumId();
        Gathering g = open.compute(key, (k, existing) -> {
            if (existing == null) {
                return new Gathering(part, channel);
            }
            synchronized (existing) {
                String caption = existing.message.text() == null || existing.message.text().isBlank()
                        ? part.text() : existing.message.text();
                existing.message = existing.message.withAttachments(part.attachments(), caption);
                existing.version++;
            }
            return existing;
        });
        if (g.message == part) {
            schedule(key, g, 0);
        } else {
            synchronized (g) {
                schedule(key, g, g.version);
            }
        }
        return g.done;
    }

    /** After the quiet time, answers the album unless another part came meanwhile (then that part's timer does). */
    private void schedule(String key, Gathering g, long version) {
        Executor later = CompletableFuture.delayedExecutor(quiet.toMillis(), TimeUnit.MILLISECONDS);
        later.execute(() -> {
            InboundMessage whole;
            synchronized (g) {
                if (g.version != version) {
                    return;
                }
                if (!open.remove(key, g)) {
                    return;
                }
                whole = g.message;
            }
            answer.apply(whole, g.channel).whenComplete((v, e) -> {
                if (e != null) {
                    g.done.completeExceptionally(e);
                } else {
                    g.done.complete(null);
                }
            });
        });
    }
}
