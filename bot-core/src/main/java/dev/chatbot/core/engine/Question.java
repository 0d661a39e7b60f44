package dev.chatbot.core.engine;

import dev.chatbot.core.history.ChatMessage;
import java.util.List;
import java.util.Optional;

/**
 * What a turn answers, picked from the history its lock read: a new question, or (/retry) the chat's
 * last question again, whose answer then takes the old exchange's place in the same fenced write.
 *
 * @param replacing how many of the history's newest messages the answer replaces
 */
record Question(ChatMessage user, int replacing) {

    static Question asked(ChatMessage user) {
        return new Question(user, 0);
    }

    /** The last question, unanswered or answered; empty when the history does not end with one. */
    static Optional<Question> retried(List<ChatMessage> history) {
        int n = history.size();
        if (n >= 1 && history.get(n - 1).role() == ChatMessage.Role.USER) {
            return Optional.of(new Question(history.get(n - 1), 1));
        }
        if (n >= 2 && history.get(n - 2).role() == ChatMessage.Role.USER) {
            return Optional.of(new Question(history.get(n - 2), 2));
        }
        return Optional.empty();
    }

    /** The history the answer follows: without what it replaces. */
    List<ChatMessage> before(List<ChatMessage> history) {
        return history.subList(0, history.size() - replacing);
    }
}
