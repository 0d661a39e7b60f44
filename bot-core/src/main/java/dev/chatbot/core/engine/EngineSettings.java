package dev.chatbot.core.engine;

import dev.chatbot.core.chat.Admins;
import dev.chatbot.core.chat.Sender;
import java.time.Duration;

/**
 * @param systemPrompt  the persona where a chat set none
 * @param turnTimeout   longest a whole answer may stream before it is cut off
 * @param admins        the bot's admins (BOT_ADMINS)
 * @param turnLease     how long a chat's turn lock lasts unless its turn, still running, renews it: how long a
 *                      chat waits when the replica answering in it dies
 * @param replica       names this replica in the locks it holds
 */
public record EngineSettings(String systemPrompt, Duration turnTimeout, Admins admins, Duration turnLease,
                             String replica) {

    public static final Duration DEFAULT_TURN_LEASE = Duration.ofSeconds(10);

    public EngineSettings(String systemPrompt, Duration turnTimeout, Admins admins) {
        this(systemPrompt, turnTimeout, admins, null, null);
    }

    public static final String DEFAULT_SYSTEM_PROMPT =
            "You are a helpful assistant in a chat app. Answer clearly and concisely, "
                    + "in the language the user writes in.";

    public EngineSettings {
        systemPrompt = systemPrompt == null || systemPrompt.isBlank() ? DEFAULT_SYSTEM_PROMPT : systemPrompt;
        turnTimeout = turnTimeout == null ? Duration.ofMinutes(5) : turnTimeout;
        admins = admins == null ? Admins.NONE : admins;
        turnLease = turnLease == null || turnLease.isZero() || turnLease.isNegative() ? DEFAULT_TURN_LEASE : turnLease;
        replica = replica == null || replica.isBlank() ? System.getenv().getOrDefault("HOSTNAME", "local") : replica;
    }

    public boolean isAdmin(Sender sender, String platform) {
        return admins.isAdmin(sender, platform);
    }
}
