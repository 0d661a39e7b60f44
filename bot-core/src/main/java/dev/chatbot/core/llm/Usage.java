package dev.chatbot.core.llm;

/**
 * Tokens a call used.
 *
 * @param estimated true when counted by us because the provider reported nothing
 */
public record Usage(int inputTokens, int outputTokens, boolean estimated) {

    public int totalTokens() {
        return inputTokens + outputTokens;
    }
}
