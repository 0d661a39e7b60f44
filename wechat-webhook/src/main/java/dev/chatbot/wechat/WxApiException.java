package dev.chatbot.wechat;

/** WeChat's or WeCom's API refused a call, or could not be reached. */
public final class WxApiException extends RuntimeException {

    private final int errcode;

    public WxApiException(int errcode, String message) {
        super(message);
        this.errcode = errcode;
    }

    /** WeChat's errcode; -1 when the API could not be reached or answered something else. */
    public int errcode() {
        return errcode;
    }

    /**
     * 45009 the API's daily quota reached, 45011 too many calls this minute, 45047 customer-service
     * messages to this user used up: the call was fine, WeChat will take it later (or after the user writes).
     */
    public boolean isRateLimited() {
        return errcode == 45009 || errcode == 45011 || errcode == 45047;
    }

    /** 40001 invalid credential, 40014 invalid token, 42001 token expired: a fresh token helps. */
    public boolean isStaleToken() {
        return errcode == 40001 || errcode == 40014 || errcode == 42001;
    }
}
