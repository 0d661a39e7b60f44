package dev.chatbot.core.settings;

import dev.chatbot.core.chat.ChatKey;
import java.util.concurrent.CompletionStage;

/** Per-chat choices: model and system prompt. */
public interface SettingsStore {

    CompletionStage<ChatSettings> settings(ChatKey chat);

    /** Sets the chat's model; null returns it to the default. */
    CompletionStage<Void> setModel(ChatKey chat, String model);

    /** Sets the chat's system prompt; null removes it. */
    CompletionStage<Void> setSystemPrompt(ChatKey chat, String systemPrompt);
}
