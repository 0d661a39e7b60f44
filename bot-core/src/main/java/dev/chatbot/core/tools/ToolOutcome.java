package dev.chatbot.core.tools;

import dev.chatbot.core.llm.ToolCall;

/**
 * What one call gave back to the model.
 *
 * @param content the tool's text, or what went wrong (an unknown tool, bad arguments, a timeout)
 * @param error   whether {@code content} says what went wrong
 */
public record ToolOutcome(ToolCall call, String content, boolean error) {
}
