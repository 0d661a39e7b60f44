package dev.chatbot.telegram;

import dev.chatbot.core.reply.ChatPace;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the bot keeps per chat, shared by every answer there so that two answers in a row cannot
 * together break the chat's limits. Bounded: the least recently used chats are forgotten.
 */
final class TelegramChats {

    private static final int MAX_CHATS = 50_000;

    /**
     * @param messages       paces sends and edits: about 1 a second in private, 20 a minute in groups
     * @param drafts         paces drafts, which have no documented limit (private chats only)
     * @param draftsRefused  set once Telegram refused a draft here; the chat then gets edits
     */
    record ChatState(ChatPace messages, ChatPace drafts, boolean isPrivate, AtomicBoolean draftsRefused) {

        boolean canDraft() {
            return isPrivate && !draftsRefused.get();
        }
    }

    private final Duration privateInterval;
    private final Duration groupInterval;
    private final Duration draftInterval;
    private final Map<Long, ChatState> chats = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ChatState> eldest) {
            return size() > MAX_CHATS;
        }
    };

    TelegramChats(Duration privateInterval, Duration groupInterval, Duration draftInterval) {
        this.privateInterval = privateInterval;
        this.groupInterval = groupInterval;
        this.draftInterval = draftInterval;
    }

    synchronized ChatState forChat(long chatId, boolean isPrivate) {
        return chats.computeIfAbsent(chatId, id -> new ChatState(
                new ChatPace(isPrivate ? privateInterval : groupInterval),
                new ChatPace(draftInterval), isPrivate, new AtomicBoolean()));
    }
}
