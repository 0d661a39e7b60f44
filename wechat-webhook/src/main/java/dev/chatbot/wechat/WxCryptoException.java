package dev.chatbot.wechat;

/** A callback whose encrypted part cannot be read: answered with 400, never processed. */
public final class WxCryptoException extends RuntimeException {

    public WxCryptoException(String message) {
        super(message);
    }
}
