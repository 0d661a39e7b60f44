package dev.chatbot.core.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits a conversation into a token budget: the system prompt and the newest user message always
 * stay; older history goes first, whole messages at a time, and an assistant answer never
 * stays without the question before it.
 */
public final class ContextTrimmer {

    private final TokenCounter counter;

    public ContextTrimmer(TokenCounter counter) {
        this.counter = counter;
    }

    /**
     * @param system   may be null when the chat has no system prompt
     * @param history  oldest first
     * @param budget   tokens the prompt may use (context window minus room for the answer)
     * @return the messages to send, oldest first
     * @throws MessageTooLongException when the system prompt and the user message alone exceed the budget
     */
    public List<ChatMessage> trim(ChatMessage system, List<ChatMessage> history, ChatMessage user, int budget) {
        int fixed = counter.count(user) + (system == null ? 0 : counter.count(system));
        if (fixed > budget) {
            throw new MessageTooLongException(fixed, budget);
        }
        int remaining = budget - fixed;
        int start = history.size();
        for (int i = history.size() - 1; i >= 0; i--) {
            int cost = counter.count(history.get(i));
            if (cost > remaining) {
                break;
            }
            remaining -= cost;
            start = i;
        }
        // A kept answer whose question was dropped would confuse the model; drop it too.
        while (start < history.size() && history.get(start).role() == ChatMessage.Role.ASSISTANT) {
            start++;
        }
        List<ChatMessage> result = new ArrayList<>(history.size() - start + 2);
        if (system != null) {
            result.add(system);
        }
        result.addAll(history.subList(start, history.size()));
        result.add(user);
        return result;
    }
}
