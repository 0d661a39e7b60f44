package dev.chatbot.telegram.spring;

import dev.chatbot.telegram.TelegramSettings;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under bot.telegram (BOT_TELEGRAM_* in the environment, or the BOT_CONFIG file).
 *
 * @param token             from @BotFather; blank leaves Telegram off
 * @param apiUrl            Bot API base: scheme, host and port only; blank means the official one
 * @param webhookUrl        public https:// URL of /webhook/telegram; blank means long polling
 * @param draftInterval     least time between two drafts of a growing answer in a private chat
 * @param messagesPerSecond sends, edits and drafts of the whole bot across all chats
 * @param shutdownGrace     how long a stopping bot lets running answers finish
 * @param rememberUpdates   how long an update id is recognised, so a redelivery is not answered twice
 */
@ConfigurationProperties("bot.telegram")
record TelegramProperties(String token, String apiUrl, String webhookUrl, String webhookSecret,
                          @DefaultValue("1s") Duration privateEditInterval,
                          @DefaultValue("3s") Duration groupEditInterval,
                          @DefaultValue("50") int pollTimeoutSeconds,
                          @DefaultValue("500ms") Duration draftInterval,
                          @DefaultValue("30") int messagesPerSecond,
                          @DefaultValue("10s") Duration shutdownGrace,
                          @DefaultValue("48h") Duration rememberUpdates) {

    TelegramSettings toSettings() {
        return new TelegramSettings(token, isBlank(apiUrl) ? TelegramSettings.OFFICIAL_API : URI.create(apiUrl),
                privateEditInterval, groupEditInterval, pollTimeoutSeconds, draftInterval, messagesPerSecond,
                shutdownGrace, isBlank(webhookUrl) ? null : URI.create(webhookUrl), webhookSecret, rememberUpdates);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** Keeps the token and the webhook secret out of logs and failure reports. */
    @Override
    public String toString() {
        return "TelegramProperties[apiUrl=" + apiUrl + ", webhookUrl=" + webhookUrl + "]";
    }
}
