package dev.chatbot.core.settings;

/** What a chat chose for itself; null fields fall back to the bot's defaults. */
public record ChatSettings(String model, String systemPrompt) {

    public static final ChatSettings NONE = new ChatSettings(null, null);
}
