package dev.chatbot.core.history;

import dev.chatbot.core.chat.ChatKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Per-chat conversation history. Asynchronous so that a turn can issue its reads together
 * and pay one round trip for them.
 */
public interface ChatStore {

    /** The newest messages of the chat, oldest first. */
    CompletionStage<List<ChatMessage>> history(ChatKey chat);

    /** Appends the messages of one finished turn, keeping the history bounded and expiring. */
    CompletionStage<Void> append(ChatKey chat, List<ChatMessage> messages);

    CompletionStage<Void> clear(ChatKey chat);

    /**
     * Removes the chat's last question and the answer to it, if any, for asking again.
     *
     * @return the question, or empty when the history does not end with one
     */
    CompletionStage<Optional<ChatMessage>> removeLastExchange(ChatKey chat);
}
