package dev.chatbot.wechat;

import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The Official Account's customer-service message API, for a verified service account's late
 * answers: the whole answer in as few messages as possible (a user's message allows only five
 * within 48 hours). Its access token comes from the stable_token endpoint, which does not
 * invalidate the tokens other replicas hold.
 */
public final class MpCustomerService {

    private final WxApi api;

    public MpCustomerService(WxApi api) {
        this.api = api;
    }

    /** The fetcher for {@link AccessTokens}. */
    public static AccessTokens.Fetcher tokens(WxApi api, String appId, String appSecret) {
        return forceRefresh -> {
            JsonNode node = api.post("/cgi-bin/stable_token", Map.of("grant_type", "client_credential",
                    "appid", appId, "secret", appSecret, "force_refresh", forceRefresh));
            return new AccessTokens.Token(node.path("access_token").asString(),
                    Duration.ofSeconds(node.path("expires_in").asLong(7200)));
        };
    }

    public void send(String openId, String text) {
        for (String part : TextParts.of(text)) {
            api.postWithToken("/cgi-bin/message/custom/send",
                    Map.of("touser", openId, "msgtype", "text", "text", Map.of("content", part)));
        }
    }
}
