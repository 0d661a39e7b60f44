package dev.chatbot.core.chat;

import java.util.Objects;

/**
 * Identifies one conversation: a chat on a platform, optionally narrowed to a thread or forum topic.
 * Its {@link #id()} is the stable string used in storage keys.
 */
public record ChatKey(String platform, String chatId, String threadId) {

    public ChatKey {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(chatId, "chatId");
    }

    public static ChatKey of(String platform, String chatId) {
        return new ChatKey(platform, chatId, null);
    }

    public String id() {
        return threadId == null ? platform + ":" + chatId : platform + ":" + chatId + ":" + threadId;
    }
}
