package dev.chatbot.wechat.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under bot.wecom (BOT_WECOM_*): a self-built WeCom app and a WeCom AI bot.
 *
 * @param token         the app's callback Token; blank leaves the WeCom app off
 * @param apiUrl        WeCom's API base (BOT_WECOM_API_URL), for gettoken and message/send
 * @param replyDeadline how long a request waits for the answer before it is late (WeCom waits 5 s)
 * @param rememberIds   how long a msgid is recognised as seen
 */
@ConfigurationProperties("bot.wecom")
public record WeComProperties(String corpId, String agentId, String secret, String token, String aesKey,
                              @DefaultValue("https://qyapi.weixin.qq.com") String apiUrl,
                              @DefaultValue Bot bot,
                              @DefaultValue("4500ms") Duration replyDeadline,
                              @DefaultValue("10m") Duration rememberIds) {

    /**
     * @param token       the AI bot's callback Token; blank leaves the AI bot off
     * @param streamLimit how long WeCom polls a stream (6 minutes from the user's message)
     * @param maxBytes    the most bytes one stream reply may hold
     * @param shareInterval how often a growing answer is written to Redis for the polls: the most a poll
     *                      reaching another replica lags behind the answer
     */
    public record Bot(String token, String aesKey, @DefaultValue("6m") Duration streamLimit,
                      @DefaultValue("20480") int maxBytes, @DefaultValue("400ms") Duration shareInterval) {

        @Override
        public String toString() {
            return "Bot[streamLimit=" + streamLimit + "]";
        }
    }

    @Override
    public String toString() {
        return "WeComProperties[corpId=" + corpId + ", agentId=" + agentId + ", apiUrl=" + apiUrl + "]";
    }
}
