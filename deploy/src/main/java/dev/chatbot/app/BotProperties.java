package dev.chatbot.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Everything under bot.* (BOT_* in the environment). */
@ConfigurationProperties("bot")
record BotProperties(
        @DefaultValue("gpt-4o-mini") String defaultModel,
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

    /**
     * @param draftInterval     least time between two drafts of a growing answer in a private chat
     * @param messagesPerSecond sends, edits and drafts of the whole bot across all chats
     * @param shutdownGrace     how long a stopping bot lets running answers finish
     */
    record Telegram(String token, String apiUrl, String webhookUrl, String webhookSecret,
                    @DefaultValue("1s") Duration privateEditInterval,
                    @DefaultValue("3s") Duration groupEditInterval,
                    @DefaultValue("50") int pollTimeoutSeconds,
                    @DefaultValue("500ms") Duration draftInterval,
                    @DefaultValue("30") int messagesPerSecond,
                    @DefaultValue("10s") Duration shutdownGrace) {

        @Override
        public String toString() {
            return "Telegram[apiUrl=" + apiUrl + "]";
        }
    }
}
