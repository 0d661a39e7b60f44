package dev.chatbot.core.settings;

import dev.chatbot.core.chat.ChatKey;
import java.util.concurrent.CompletionStage;

/** Per-chat choices: model, system prompt, tools switched on or off. */
public interface SettingsStore {

    CompletionStage<ChatSettings> settings(ChatKey chat);

    /** Sets the chat's model; null returns it to the default. */
    CompletionStage<Void> setModel(ChatKey chat, String model);

    /** Sets the chat's system prompt; null removes it. */
    CompletionStage<Void> setSystemPrompt(ChatKey chat, String systemPrompt);

    /** Switches a tool (or an MCP server's tools) on or off in the chat; null returns it to the default (on). */
    CompletionStage<Void> setTool(ChatKey chat, String tool, Boolean on);
}
