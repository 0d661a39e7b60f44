package dev.chatbot.core.reply;

import java.util.List;

/**
 * The few platform operations a growing answer needs. Implementations throw
 * {@link ReplyRateLimitedException} on the platform's 429, {@link SurfaceClosedException} once the
 * platform side is shutting down, and treat "not modified" as success.
 *
 * <p>Texts handed to a surface are the answer's source (Markdown as the model wrote it); a
 * surface may format them for its platform, and then measures them as the platform will.
 */
public interface MessageSurface {

    /** Longest text one message may hold, in the platform's units, after formatting. */
    int maxLength();

    /** How long {@code text} is once formatted for the platform, in the units of {@link #maxLength()}. */
    default int measure(String text) {
        return text.length();
    }

    /**
     * Sends a new message and returns its id.
     *
     * @param choices buttons under the message, most often none; a platform without buttons lists
     *                their commands after the text
     */
    String send(String text, List<Choice> choices);

    /** Replaces a message's text and its buttons. */
    void edit(String messageId, String text, List<Choice> choices);

    /**
     * True when the platform can show a growing text as a preview that is not a message yet
     * (the reply then previews while streaming and sends each part once it is final). Whether a
     * chat allows them is the chat's {@link ChatPaces.Kind} and memory, not the surface's.
     */
    default boolean canPreview() {
        return false;
    }

    /**
     * Shows {@code text} as the preview of the part being written.
     *
     * @throws PreviewRefusedException when the platform will not show previews in this chat
     */
    default void preview(String text) {
        throw new PreviewRefusedException("this platform has no previews");
    }
}
