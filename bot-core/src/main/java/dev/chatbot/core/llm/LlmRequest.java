package dev.chatbot.core.llm;

import dev.chatbot.core.history.ChatMessage;
import java.util.List;

/**
 * One call to a model.
 *
 * @param model            the provider's own name for the model
 * @param maxOutputTokens  0 leaves the provider's default
 * @param tools            the tools the model may call; empty offers none
 */
public record LlmRequest(String model, List<ChatMessage> messages, int maxOutputTokens, List<ToolSpec> tools) {

    public LlmRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    public LlmRequest(String model, List<ChatMessage> messages, int maxOutputTokens) {
        this(model, messages, maxOutputTokens, List.of());
    }
}
