package dev.chatbot.telegram;

import dev.chatbot.core.reply.ChatPace;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@link ChatPace} per chat, shared by every answer there, so two answers in a row cannot
 * together break the chat's limit. Bounded: the least recently used chats are forgotten.
 */
final class TelegramPaces {

    private static final int MAX_CHATS = 50_000;

    private final Duration privateInterval;
    private final Duration groupInterval;
    private final Map<Long, ChatPace> paces = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ChatPace> eldest) {
            return size() > MAX_CHATS;
        }
    };

    TelegramPaces(Duration privateInterval, Duration groupInterval) {
        this.privateInterval = privateInterval;
        this.groupInterval = groupInterval;
    }

    synchronized ChatPace forChat(long chatId, boolean isPrivate) {
        return paces.computeIfAbsent(chatId, id -> new ChatPace(isPrivate ? privateInterval : groupInterval));
    }
}
