package dev.chatbot.core.reply;

/**
 * The platform side is shutting down: the reply stops at once and shows nothing more. The
 * message it answered is still pending, so the next start answers it.
 */
public final class SurfaceClosedException extends RuntimeException {

    public SurfaceClosedException() {
        super("the platform connection is shutting down", null, false, false);
    }
}
