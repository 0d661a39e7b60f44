package dev.chatbot.core.reply;

/**
 * The message to edit no longer exists on the platform (the user deleted it): the reply forgets
 * its id and shows that part in a new message.
 */
public final class MessageGoneException extends RuntimeException {

    public MessageGoneException(String detail) {
        super(detail, null, false, false);
    }
}
