package dev.chatbot.core.reply;

/**
 * The few platform operations a growing answer needs. Implementations throw
 * {@link ReplyRateLimitedException} on the platform's 429 and treat "not modified" as success.
 */
public interface MessageSurface {

    /** Longest text one message may hold, in UTF-16 units. */
    int maxLength();

    /** Sends a new message and returns its id. */
    String send(String text);

    void edit(String messageId, String text);
}
