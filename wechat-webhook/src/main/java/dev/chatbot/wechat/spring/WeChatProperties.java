package dev.chatbot.wechat.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under bot.wechat (BOT_WECHAT_*): the Official Account. Every timing is a setting, so
 * tests can run WeChat's 5 seconds and three retries in a fraction of that.
 *
 * @param apiUrl          WeChat's API base (BOT_WECHAT_API_URL), for tokens and customer-service messages
 * @param replyDeadline   how long a request waits for the answer before it is late (WeChat waits 5 s)
 * @param platformTimeout how long WeChat waits before retrying; a subscription account holds a request that long
 * @param retries         how many times WeChat retries a message without reply
 * @param rememberIds     how long a MsgId is recognised as seen
 * @param keepAnswers     how long a subscription account keeps an undelivered answer for the user's next message
 * @param shutdownGrace   how long a stopping app lets running answers of every WeChat callback finish; the
 *                        rest are answered after the restart
 */
@ConfigurationProperties("bot.wechat")
public record WeChatProperties(@DefaultValue Mp mp,
                               @DefaultValue("https://api.weixin.qq.com") String apiUrl,
                               @DefaultValue("4500ms") Duration replyDeadline,
                               @DefaultValue("5s") Duration platformTimeout,
                               @DefaultValue("3") int retries,
                               @DefaultValue("10m") Duration rememberIds,
                               @DefaultValue("48h") Duration keepAnswers,
                               @DefaultValue("10s") Duration shutdownGrace) {

    /**
     * @param token           the Token of the admin console's server configuration; blank leaves the Official Account off
     * @param aesKey          the EncodingAESKey, for compatible and safe mode
     * @param customerService a verified service account: late answers go through the customer-service API
     */
    public record Mp(String token, String appId, String appSecret, String aesKey,
                     @DefaultValue("false") boolean customerService) {

        @Override
        public String toString() {
            return "Mp[appId=" + appId + ", customerService=" + customerService + "]";
        }
    }
}
