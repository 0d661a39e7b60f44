package dev.chatbot.core.llm.http;

import dev.chatbot.core.history.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * A prompt reshaped for the APIs that take the system prompt apart from the conversation and
 * want user and assistant to take turns, starting with the user (Anthropic, Gemini).
 *
 * @param system null when there is none
 * @param turns  user and assistant messages, alternating, the first one the user's; tool results
 *               ({@link ChatMessage.Role#TOOL}) stand in the user's place after the assistant's calls
 */
public record AlternatingPrompt(String system, List<ChatMessage> turns) {

    public static AlternatingPrompt of(List<ChatMessage> messages) {
        StringBuilder system = new StringBuilder();
        List<ChatMessage> turns = new ArrayList<>();
        for (ChatMessage m : ChatMessage.toolRounds(messages)) {
            if (m.isBlank()) {
                continue; // both APIs refuse empty text
            }
            if (m.role() == ChatMessage.Role.SYSTEM) {
                system.append(system.isEmpty() ? "" : "\n\n").append(m.text());
                continue;
            }
            if (turns.isEmpty() && m.role() == ChatMessage.Role.ASSISTANT) {
                continue; // an answer without its question: the APIs want the user first
            }
            ChatMessage last = turns.isEmpty() ? null : turns.getLast();
            if (last != null && last.role() == m.role()) {
                turns.set(turns.size() - 1, last.joinedWith(m));
            } else {
                turns.add(m);
            }
        }
        return new AlternatingPrompt(system.isEmpty() ? null : system.toString(), List.copyOf(turns));
    }
}
