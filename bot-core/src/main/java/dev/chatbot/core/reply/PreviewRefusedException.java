package dev.chatbot.core.reply;

/** The platform refused a preview in this chat; the reply goes on by sending and editing. */
public final class PreviewRefusedException extends RuntimeException {

    public PreviewRefusedException(String reason) {
        super(reason, null, false, false);
    }
}
