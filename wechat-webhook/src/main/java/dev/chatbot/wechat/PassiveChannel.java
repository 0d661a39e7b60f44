package dev.chatbot.wechat;

import dev.chatbot.core.reply.DeadlineReply;
import dev.chatbot.core.reply.Reply;
import dev.chatbot.core.reply.ReplyChannel;
import dev.chatbot.core.reply.ReplyClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Where one Official Account or WeCom app message is answered: everything said before the
 * deadline (a command's answer, a picture, the model's answer through a {@link DeadlineReply}) goes
 * back as the passive reply to WeChat's request; everything after it goes to {@code later} (a
 * customer-service message, message/send, or kept for the user's next message). Pictures are
 * uploaded as temporary media when they are sent, and travel as their media_id.
 */
public final class PassiveChannel implements ReplyChannel {

    private final ReplyClock clock;
    private final long deadline;
    private final Consumer<WxMessage> later;
    private final PictureUpload pictures;
    private final Object lock = new Object();

    // guarded by lock
    private final List<WxMessage> inTime = new ArrayList<>();
    private final List<DeadlineReply> replies = new ArrayList<>();
    private boolean late;

    /**
     * Made when WeChat's request arrives, since the deadline counts from then.
     *
     * @param patience how long the request may wait for its answer (WeChat gives 5 s; less a margin)
     * @param pictures uploads the pictures sent; null where the account has no API access (no pictures then)
     */
    public PassiveChannel(Duration patience, ReplyClock clock, Consumer<WxMessage> later, PictureUpload pictures) {
        this.clock = clock;
        this.deadline = clock.nanoTime() + patience.toNanos();
        this.later = later;
        this.pictures = pictures;
    }

    /** A channel whose every answer goes to {@code later}: the request's reply is taken already. */
    public static PassiveChannel allLater(Consumer<WxMessage> later, PictureUpload pictures) {
        PassiveChannel channel = new PassiveChannel(Duration.ZERO, ReplyClock.SYSTEM, later, pictures);
        channel.late = true;
        return channel;
    }

    @Override
    public Reply open() {
        synchronized (lock) {
            DeadlineReply reply = new DeadlineReply(Duration.ofNanos(Math.max(0, deadline - clock.nanoTime())), clock,
                    text -> later.accept(new WxMessage.Text(text)));
            replies.add(reply);
            return reply;
        }
    }

    @Override
    public void send(String text) {
        deliver(new WxMessage.Text(text));
    }

    /**
     * Uploads the picture, then sends it as an image message; the caption is left out (image messages
     * have none, and a text beside it would spend a customer-service message on the user's own words).
     *
     * @throws WxApiException when the upload is refused: the caller tells the user
     */
    @Override
    public boolean sendPicture(byte[] image, String caption) {
        if (pictures == null) {
            return false;
        }
        deliver(new WxMessage.Picture(pictures.upload(image)));
        return true;
    }

    private void deliver(WxMessage message) {
        synchronized (lock) {
            if (!late) {
                inTime.add(message);
                return;
            }
        }
        later.accept(message);
    }

    /**
     * For the request's thread: waits until the message is dealt with ({@code done}) or the deadline
     * passes, then returns what was said in time, neighbouring texts joined; empty when nothing was.
     * From then on all else goes to {@code later}.
     */
    public List<WxMessage> passiveReply(CompletableFuture<?> done) throws InterruptedException {
        long left = deadline - clock.nanoTime();
        if (left > 0) {
            try {
                done.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // what was said in time is collected below; the rest goes later
            }
        }
        List<WxMessage> messages;
        List<DeadlineReply> opened;
        synchronized (lock) {
            late = true;
            messages = new ArrayList<>(inTime);
            opened = List.copyOf(replies);
        }
        for (DeadlineReply reply : opened) {
            reply.awaitInTime().ifPresent(text -> messages.add(new WxMessage.Text(text)));
        }
        return WxMessage.joined(messages);
    }
}
