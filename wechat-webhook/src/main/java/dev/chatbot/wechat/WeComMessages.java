package dev.chatbot.wechat;

import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A WeCom app's message/send, for late answers, with its token from gettoken (corp id and app secret). */
public final class WeComMessages {

    private final WxApi api;
    private final long agentId;

    public WeComMessages(WxApi api, long agentId) {
        this.api = api;
        this.agentId = agentId;
    }

    public static AccessTokens.Fetcher tokens(WxApi api, String corpId, String secret) {
        // gettoken has no forced refresh: asking again is the refresh
        return forceRefresh -> {
            JsonNode node = api.get("/cgi-bin/gettoken", "corpid", corpId, "corpsecret", secret);
            return new AccessTokens.Token(node.path("access_token").asString(),
                    Duration.ofSeconds(node.path("expires_in").asLong(7200)));
        };
    }

    /** Sends one message: a text part by part, a picture as an image message. */
    public void send(String userId, WxMessage message) {
        switch (message) {
            case WxMessage.Text text -> send(userId, text.content());
            case WxMessage.Picture picture -> api.postWithToken("/cgi-bin/message/send", Map.of("touser", userId,
                    "msgtype", "image", "agentid", agentId, "image", Map.of("media_id", picture.mediaId()), "safe", 0));
        }
    }

    public void send(String userId, String text) {
        for (String part : TextParts.of(text)) {
            api.postWithToken("/cgi-bin/message/send", Map.of("touser", userId, "msgtype", "text",
                    "agentid", agentId, "text", Map.of("content", part), "safe", 0));
        }
    }
}
