package dev.chatbot.core.llm;

import java.util.List;

/**
 * How a stream ended well.
 *
 * @param usage        null when the provider sent none
 * @param finishReason the provider's word for it, lower case ("stop", "length", "content_filter", "tool_calls"...)
 * @param toolCalls    the tools the model asks to run before it goes on, in the order it asked; empty for an answer
 */
public record Completion(Usage usage, String finishReason, List<ToolCall> toolCalls) {

    public Completion {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public Completion(Usage usage, String finishReason) {
        this(usage, finishReason, List.of());
    }

    public boolean wantsTools() {
        return !toolCalls.isEmpty();
    }
}
