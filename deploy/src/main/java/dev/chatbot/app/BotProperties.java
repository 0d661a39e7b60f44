package dev.chatbot.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under bot.* (BOT_* in the environment, or the BOT_CONFIG file).
 *
 * @param defaultModel the model where a chat chose none; blank picks the first provider's first model
 */
@ConfigurationProperties("bot")
record BotProperties(
        String defaultModel,
        String systemPrompt,
        @DefaultValue Set<String> admins,
        @DefaultValue("5m") Duration turnTimeout,
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Redis redis,
        @DefaultValue History history,
        @DefaultValue Telegram telegram) {

    /**
     * @param url       redis://, rediss:// or redis-sentinel://; blank starts the embedded Redis
     * @param keyPrefix every key starts with it, so several bots (or test runs) can share one Redis
     */
    record Redis(String url, @DefaultValue("bot") String keyPrefix, @DefaultValue("5s") Duration timeout) {
    }

    /** @param maxMessages messages kept per chat; @param ttl how long an idle chat is remembered */
    record History(@DefaultValue("50") int maxMessages, @DefaultValue("30d") Duration ttl) {
    }

    record Telegram(String token, String apiUrl, String webhookUrl, String webhookSecret,
                    @DefaultValue("1s") Duration privateEditInterval,
                    @DefaultValue("3s") Duration groupEditInterval,
                    @DefaultValue("50") int pollTimeoutSeconds) {

        @Override
        public String toString() {
            return "Telegram[apiUrl=" + apiUrl + "]";
        }
    }
}
