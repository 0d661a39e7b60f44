package dev.chatbot.wechat;

import dev.chatbot.core.reply.DeadlineReply;
import dev.chatbot.core.reply.Reply;
import dev.chatbot.core.reply.ReplyChannel;
import dev.chatbot.core.reply.ReplyClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Where one Official Account or WeCom app message is answered: everything said before the
 * deadline (a command's answer, the model's answer through a {@link DeadlineReply}) goes back as
 * the passive reply to WeChat's request; everything after it goes to {@code later} (a
 * customer-service message, message/send, or kept for the user's next message).
 */
public final class PassiveChannel implements ReplyChannel {

    private final ReplyClock clock;
    private final long deadline;
    private final Consumer<String> later;
    private final Object lock = new Object();

    // guarded by lock
    private final List<String> inTime = new ArrayList<>();
    private final List<DeadlineReply> replies = new ArrayList<>();
    private boolean late;

    /**
     * Made when WeChat's request arrives, since the deadline counts from then.
     *
     * @param patience how long the request may wait for its answer (WeChat gives 5 s; less a margin)
     */
    public PassiveChannel(Duration patience, ReplyClock clock, Consumer<String> later) {
        this.clock = clock;
        this.deadline = clock.nanoTime() + patience.toNanos();
        this.later = later;
    }

    /** A channel whose every answer goes to {@code later}: the request's reply is taken already. */
    public static PassiveChannel allLater(Consumer<String> later) {
        PassiveChannel channel = new PassiveChannel(Duration.ZERO, ReplyClock.SYSTEM, later);
        channel.late = true;
        return channel;
    }

    @Override
    public Reply open() {
        synchronized (lock) {
            DeadlineReply reply = new DeadlineReply(Duration.ofNanos(Math.max(0, deadline - clock.nanoTime())), clock, later);
            replies.add(reply);
            return reply;
        }
    }

    @Override
    public void send(String text) {
        synchronized (lock) {
            if (!late) {
                inTime.add(text);
                return;
            }
        }
        later.accept(text);
    }

    /**
     * For the request's thread: waits until the message is dealt with ({@code done}) or the deadline
     * passes, then returns what was said in time, joined; empty when nothing was. From then on all
     * else goes to {@code later}.
     */
    public Optional<String> passiveReply(CompletableFuture<?> done) throws InterruptedException {
        long left = deadline - clock.nanoTime();
        if (left > 0) {
            try {
                done.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // what was said in time is collected below; the rest goes later
            }
        }
        List<String> texts;
        List<DeadlineReply> opened;
        synchronized (lock) {
            late = true;
            texts = new ArrayList<>(inTime);
            opened = List.copyOf(replies);
        }
        for (DeadlineReply reply : opened) {
            reply.awaitInTime().ifPresent(texts::add);
        }
        texts.removeIf(String::isBlank);
        return texts.isEmpty() ? Optional.empty() : Optional.of(String.join("\n\n", texts));
    }
}
