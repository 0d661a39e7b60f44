package dev.chatbot.core.settings;

import java.util.Map;

/**
 * What a chat chose for itself; null fields fall back to the bot's defaults.
 *
 * @param tools tools (or MCP servers) the chat's admins switched on or off, by name; a tool not named is on
 */
public record ChatSettings(String model, String systemPrompt, Map<String, Boolean> tools) {

    public static final ChatSettings NONE = new ChatSettings(null, null);

    public ChatSettings {
        tools = tools == null ? Map.of() : Map.copyOf(tools);
    }

    public ChatSettings(String model, String systemPrompt) {
        this(model, systemPrompt, Map.of());
    }
}
