package dev.chatbot.core.net;

/** Why a fetch gave nothing; each reason gets its own note to the user. */
public class FetchException extends RuntimeException {

    public enum Reason {
        /** The address is internal (see {@link AddressGuard}). */
        BLOCKED,
        /** The body is larger than the caller allows. */
        TOO_LARGE,
        /** The server answered with an error status, or redirected too often. */
        REFUSED,
        /** The connection failed or timed out. */
        UNREACHABLE
    }

    private final Reason reason;

    public FetchException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public FetchException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
