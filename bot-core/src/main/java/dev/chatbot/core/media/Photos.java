package dev.chatbot.core.media;

import dev.chatbot.core.chat.Attachment;
import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.history.ChatMessage;
import dev.chatbot.core.history.ImageStore;
import dev.chatbot.core.history.RecentImages;
import dev.chatbot.core.net.FetchException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Pictures users send, on their way to a model: each fetched through its platform (at most
 * {@code maxBytes}), checked and scaled by the {@link PictureIntake}, and kept beside the chat's
 * history; the newest few of a conversation are shown to the model again in later turns.
 */
public final class Photos {

    /** Telegram's own cap for bots' downloads, and far above any photo a phone sends. */
    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;
    /** Above this the header is not believed: a 40-megapixel PNG, or a few bytes claiming to be one. */
    public static final long DEFAULT_MAX_PIXELS = 36_000_000L;
    public static final int DEFAULT_RECENT = 3;

    private final ImageStore store;
    private final PictureIntake intake;
    private final long maxBytes;
    private final RecentImages recent;

    public Photos(ImageStore store, PictureIntake intake, long maxBytes, int recentImages) {
        this.store = store;
        this.intake = intake;
        this.maxBytes = maxBytes;
        this.recent = new RecentImages(store, recentImages);
    }

    public Photos(ImageStore store) {
        this(store, new PictureIntake(DEFAULT_MAX_PIXELS), DEFAULT_MAX_BYTES, DEFAULT_RECENT);
    }

    /** Which of a prompt's pictures the model gets to see; see {@link RecentImages}. */
    public RecentImages recent() {
        return recent;
    }

    /**
     * Fetches, checks, scales and keeps the pictures among {@code attachments}, all or none.
     *
     * @return the pictures with their (scaled) bytes, for the prompt; history keeps their references
     * @throws MediaRefusedException with the note for the user when one of them will not do
     */
    public List<ChatMessage.Image> take(ChatKey chat, List<Attachment> attachments) {
        List<ChatMessage.Image> out = new ArrayList<>();
        for (Attachment a : attachments) {
            if (a.type() != Attachment.Type.IMAGE) {
                continue;
            }
            if (a.animated()) {
                throw new MediaRefusedException("photo.animated", "animated");
            }
            if (a.size() > maxBytes) {
                throw new MediaRefusedException("photo.too.big", a.size() + " bytes declared");
            }
            byte[] raw;
            try {
                raw = a.download().fetch(maxBytes);
            } catch (FetchException e) {
                throw new MediaRefusedException(switch (e.reason()) {
                    case BLOCKED -> "photo.blocked";
                    case TOO_LARGE -> "photo.too.big";
                    default -> "photo.fetch.failed";
                }, e.getMessage());
            } catch (RuntimeException e) {
                throw new MediaRefusedException("photo.fetch.failed", e.toString());
            }
            PictureIntake.Picture picture = intake.process(raw);
            out.add(new ChatMessage.Image(UUID.randomUUID().toString().replace("-", "").substring(0, 16), "image/jpeg",
                    picture.width(), picture.height(), picture.jpeg()));
        }
        // kept together, one round trip; they expire with the history
        CompletableFuture<?>[] puts = out.stream()
                .map(i -> store.put(chat, i.id(), i.data()).toCompletableFuture()).toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(puts).join();
        return out;
    }
}
