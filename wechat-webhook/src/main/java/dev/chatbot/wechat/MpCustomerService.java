package dev.chatbot.wechat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /**
     * Sends one message: a text part by part, a picture as an image message.
     *
     * @return what WeChat refused for a quota, to be given to the user another way; empty when it all went out
     * @throws WxApiException for any other refusal, or when the API cannot be reached
     */
    public Optional<WxMessage> send(String openId, WxMessage message) {
        return switch (message) {
            case WxMessage.Text text -> send(openId, text.content()).map(WxMessage.Text::new);
            case WxMessage.Picture picture -> {
                try {
                    api.postWithToken("/cgi-bin/message/custom/send", Map.of("touser", openId, "msgtype", "image",
                            "image", Map.of("media_id", picture.mediaId())));
                    yield Optional.empty();
                } catch (WxApiException e) {
                    if (!e.isRateLimited()) {
                        throw e;
                    }
                    yield Optional.of(picture);
                }
            }
        };
    }

    /**
     * Sends the answer part by part.
     *
     * @return what WeChat refused for a quota (the refused part and those after it, joined as the
     *         answer was), to be given to the user another way; empty when everything went out
     * @throws WxApiException for any other refusal, or when the API cannot be reached
     */
    public Optional<String> send(String openId, String text) {
        List<String> parts = TextParts.of(text);
        for (int i = 0; i < parts.size(); i++) {
            try {
                api.postWithToken("/cgi-bin/message/custom/send",
                        Map.of("touser", openId, "msgtype", "text", "text", Map.of("content", parts.get(i))));
            } catch (WxApiException e) {
                if (!e.isRateLimited()) {
                    throw e;
                }
                return Optional.of(String.join("\n\n", parts.subList(i, parts.size())));
            }
        }
        return Optional.empty();
    }
}
