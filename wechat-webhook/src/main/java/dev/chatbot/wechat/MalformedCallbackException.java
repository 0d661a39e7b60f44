package dev.chatbot.wechat;

/** A callback that cannot be read (not XML or JSON, a field missing, an unknown type): 400 and one log line. */
public final class MalformedCallbackException extends RuntimeException {

    public MalformedCallbackException(String message) {
        super(message);
    }
}
