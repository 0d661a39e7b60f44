package dev.chatbot.core.history;

import dev.chatbot.core.engine.ChatKey;
import java.util.List;
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
}
