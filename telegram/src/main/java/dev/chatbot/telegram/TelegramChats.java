package dev.chatbot.telegram;

import dev.chatbot.core.reply.ChatPace;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the bot keeps per chat, shared by every answer there so that two answers in a row cannot
 * together break the chat's limits. Bounded: the least recently used chats are forgotten.
 */
final class TelegramChats {

    private static final int MAX_CHATS = 50_000;

    /** One chat's paces, and whether Telegram lets the bot use drafts there. */
    static final class ChatState {

        private final ChatPace messages;
        private final ChatPace drafts;
        private final boolean isPrivate;
        private volatile boolean draftsRefused;

        ChatState(ChatPace messages, ChatPace drafts, boolean isPrivate) {
            this.messages = messages;
            this.drafts = drafts;
            this.isPrivate = isPrivate;
        }

        /** Paces sends and edits: about one a second in private, 20 a minute in groups. */
        ChatPace messages() {
            return messages;
        }

        /** Paces drafts, which have no documented limit (private chats only). */
        ChatPace drafts() {
            return drafts;
        }

        boolean canDraft() {
            return isPrivate && !draftsRefused;
        }

        /** Telegram refused a draft here: the chat gets edits from now on. True the first time. */
        synchronized boolean refuseDrafts() {
            boolean first = !draftsRefused;
            draftsRefused = true;
            return first;
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
                new ChatPace(isPrivate ? privateInterval : groupInterval), new ChatPace(draftInterval), isPrivate));
    }
}
