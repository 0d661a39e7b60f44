package dev.chatbot.core.llm;

/**
 * A model users can pick.
 *
 * @param id              what users type, e.g. "gpt-4o-mini"
 * @param provider        the provider's name in the registry
 * @param upstreamName    the name the provider's API expects
 * @param contextWindow   tokens of prompt plus answer the model accepts
 * @param maxOutputTokens room kept for the answer; 0 means the provider's default
 */
public record ModelInfo(String id, String provider, String upstreamName, int contextWindow, int maxOutputTokens) {

    /** What the prompt may use, leaving room for the answer and a margin for tokenizer differences. */
    public int promptBudget() {
        int answer = maxOutputTokens > 0 ? maxOutputTokens : Math.min(4096, contextWindow / 4);
        return (int) ((contextWindow - answer) * 0.9);
    }
}
