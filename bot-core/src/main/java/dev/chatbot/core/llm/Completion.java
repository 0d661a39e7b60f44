package dev.chatbot.core.llm;

/**
 * How a stream ended well.
 *
 * @param usage        null when the provider sent none
 * @param finishReason the provider's word for it, lower case ("stop", "length", "content_filter"...)
 */
public record Completion(Usage usage, String finishReason) {
}
