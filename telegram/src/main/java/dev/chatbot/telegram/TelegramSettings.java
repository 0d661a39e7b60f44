package dev.chatbot.telegram;

import java.net.URI;
import java.time.Duration;

/**
 * @param apiUrl              Bot API base: scheme, host and port only (telegrambots adds /bot&lt;token&gt;/method)
 * @param privateEditInterval least time between two sends or edits in a private chat
 * @param groupEditInterval   the same in groups, where sends and edits share about 20 a minute
 * @param pollTimeoutSeconds  how long one getUpdates call waits for news
 * @param draftInterval       least time between two drafts of a growing answer in a private chat
 * @param messagesPerSecond   sends, edits and drafts of the whole bot, across all chats
 * @param shutdownGrace       how long a stopping bot lets running answers finish; the rest are
 *                            answered after the restart
 */
public record TelegramSettings(String token, URI apiUrl, Duration privateEditInterval, Duration groupEditInterval,
                               int pollTimeoutSeconds, Duration draftInterval, int messagesPerSecond,
                               Duration shutdownGrace) {

    public static final URI OFFICIAL_API = URI.create("https://api.telegram.org");

    public TelegramSettings {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("BOT_TELEGRAM_TOKEN is empty");
        }
        apiUrl = apiUrl == null ? OFFICIAL_API : apiUrl;
        privateEditInterval = privateEditInterval == null ? Duration.ofMillis(1000) : privateEditInterval;
        groupEditInterval = groupEditInterval == null ? Duration.ofMillis(3000) : groupEditInterval;
        pollTimeoutSeconds = pollTimeoutSeconds <= 0 ? 50 : pollTimeoutSeconds;
        draftInterval = draftInterval == null ? Duration.ofMillis(500) : draftInterval;
        messagesPerSecond = messagesPerSecond <= 0 ? 30 : messagesPerSecond;
        shutdownGrace = shutdownGrace == null || shutdownGrace.isNegative() ? Duration.ofSeconds(10) : shutdownGrace;
    }

    /** The defaults for everything but the token and the API base. */
    public TelegramSettings(String token, URI apiUrl) {
        this(token, apiUrl, null, null, 0, null, 0, null);
    }

    @Override
    public String toString() {
        return "TelegramSettings[apiUrl=" + apiUrl + "]";
    }
}
