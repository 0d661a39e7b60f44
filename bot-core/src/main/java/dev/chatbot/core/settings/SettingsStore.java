package dev.chatbot.core.settings;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.history.TurnLease;
import java.util.concurrent.CompletionStage;

/**
 * Per-chat choices: model, system prompt, tools switched on or off. Commands write them while holding the chat's turn lock
 * ({@code turn}), so a write carries the lock's fencing token and is dropped when a newer turn of the
 * chat began meanwhile (a replica that stalled past its lease); {@link TurnLease#NONE} writes unfenced.
 */
public interface SettingsStore {

    CompletionStage<ChatSettings> settings(ChatKey chat);

    /**
     * Sets the chat's model; null returns it to the default.
     *
     * @return false when fenced off: nothing was written
     */
    CompletionStage<Boolean> setModel(ChatKey chat, String model, TurnLease turn);

    /**
     * Sets the chat's system prompt; null removes it.
     *
     * @return false when fenced off: nothing was written
     */
    CompletionStage<Boolean> setSystemPrompt(ChatKey chat, String systemPrompt, TurnLease turn);

    /**
     * Switches a tool (or an MCP server's tools) on or off in the chat; null returns it to the default (on).
     *
     * @return false when fenced off: nothing was written
     */
    CompletionStage<Boolean> setTool(ChatKey chat, String tool, Boolean on, TurnLease turn);
}
