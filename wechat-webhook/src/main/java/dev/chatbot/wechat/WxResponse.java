package dev.chatbot.wechat;

/** What a callback endpoint answers: the status and body WeChat gets. */
public record WxResponse(int status, String contentType, String body) {

    public static final String TEXT = "text/plain;charset=UTF-8";
    public static final String XML = "application/xml;charset=UTF-8";
    public static final String JSON = "application/json;charset=UTF-8";

    /** WeChat's "received, nothing to say now": no retry follows. */
    public static WxResponse success() {
        return new WxResponse(200, TEXT, "success");
    }

    /** An empty 200: also "received", for a delivery WeChat has stopped waiting for anyway. */
    public static WxResponse empty() {
        return new WxResponse(200, TEXT, "");
    }

    public static WxResponse text(String body) {
        return new WxResponse(200, TEXT, body);
    }

    public static WxResponse badSignature() {
        return new WxResponse(401, TEXT, "bad signature");
    }

    public static WxResponse badRequest(String why) {
        return new WxResponse(400, TEXT, why);
    }

    /** Not taking messages (the app is stopping): WeChat retries, and another replica or the restart answers. */
    public static WxResponse unavailable() {
        return new WxResponse(503, TEXT, "stopping");
    }
}
