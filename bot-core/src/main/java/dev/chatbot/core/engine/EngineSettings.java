package dev.chatbot.core.engine;

import dev.chatbot.core.chat.Admins;
import dev.chatbot.core.chat.Sender;
import java.time.Duration;

/**
 * @param systemPrompt  the persona where a chat set none
 * @param turnTimeout   longest a whole answer may stream before it is cut off
 * @param admins        the bot's admins (BOT_ADMINS)
 */
public record EngineSettings(String systemPrompt, Duration turnTimeout, Admins admins) {

    public static final String DEFAULT_SYSTEM_PROMPT =
            "You are a helpful assistant in a chat app. Answer clearly and concisely, "
                    + "in the language the user writes in.";

    public EngineSettings {
        systemPrompt = systemPrompt == null || systemPrompt.isBlank() ? DEFAULT_SYSTEM_PROMPT : systemPrompt;
        turnTimeout = turnTimeout == null ? Duration.ofMinutes(5) : turnTimeout;
        admins = admins == null ? Admins.NONE : admins;
    }

    public boolean isAdmin(Sender sender, String platform) {
        return admins.isAdmin(sender, platform);
    }
}
