package dev.chatbot.telegram;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethodBoolean;

/**
 * setWebhook sent as JSON like every other call. telegrambots' own SetWebhook always goes as a
 * multipart upload (for a certificate we never send).
 */
final class SetWebhookJson extends BotApiMethodBoolean {

    @JsonProperty("url")
    private final String url;
    @JsonProperty("secret_token")
    private final String secretToken;
    @JsonProperty("allowed_updates")
    private final List<String> allowedUpdates;

    SetWebhookJson(String url, String secretToken, List<String> allowedUpdates) {
        this.url = url;
        this.secretToken = secretToken;
        this.allowedUpdates = allowedUpdates;
    }

    @Override
    public String getMethod() {
        return "setWebhook";
    }
}
