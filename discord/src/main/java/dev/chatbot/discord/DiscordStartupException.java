package dev.chatbot.discord;

/**
 * Discord cannot be started as configured: the token is refused, Discord cannot be reached, or a
 * setting is wrong. The message says what happened, {@link #action()} what to do about it.
 */
public final class DiscordStartupException extends RuntimeException {

    private final String action;

    public DiscordStartupException(String message, String action) {
        super(message);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
