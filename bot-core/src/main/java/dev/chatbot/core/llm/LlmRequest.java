package dev.chatbot.core.llm;

import dev.chatbot.core.history.ChatMessage;
import java.util.List;

/**
 * One call to a model.
 *
 * @param model            the provider's own name for the model
 * @param maxOutputTokens  0 leaves the provider's default
 */
public record LlmRequest(String model, List<ChatMessage> messages, int maxOutputTokens) {

    public LlmRequest {
        messages = List.copyOf(messages);
    }
}
