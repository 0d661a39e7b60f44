package dev.chatbot.core.reply;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The paces of every chat the bot answers in, shared by all replies in a chat so that two
 * answers in a row cannot together break the chat's limits. The adapter says how each kind of
 * chat is paced (a Telegram group more slowly than a private chat). Bounded: the least recently
 * used chats are forgotten, which costs them nothing but a fresh pace.
 */
public final class ChatPaces {

    public static final int DEFAULT_MAX_CHATS = 50_000;

    /**
     * How one kind of chat is paced.
     *
     * @param messages the least time between two sends or edits
     * @param previews the least time between two previews, or null where this kind of chat has none
     */
    public record Kind(Duration messages, Duration previews) {

        public Kind {
            Objects.requireNonNull(messages, "messages");
        }

        public static Kind withoutPreviews(Duration messages) {
            return new Kind(messages, null);
        }
    }

    /** One chat's paces, and whether previews are (still) allowed there. */
    public static final class Chat {

        private final ChatPace messages;
        private final ChatPace previews;
        private final ReplyClock clock;
        private volatile boolean previewsAllowed;

        /** @param previews the pace of previews, or null where the chat has none */
        public Chat(ChatPace messages, ChatPace previews, ReplyClock clock) {
            this.messages = messages;
            this.previews = previews == null ? messages : previews;
            this.previewsAllowed = previews != null;
            this.clock = clock;
        }

        /** Paces sends and edits. */
        public ChatPace messages() {
            return messages;
        }

        /** Paces previews; the message pace where the chat has none. */
        public ChatPace previews() {
            return previews;
        }

        public ReplyClock clock() {
            return clock;
        }

        public boolean previewsAllowed() {
            return previewsAllowed;
        }

        /** The platform refused a preview here: the chat gets edits from now on. True the first time. */
        public synchronized boolean refusePreviews() {
            boolean first = previewsAllowed;
            previewsAllowed = false;
            return first;
        }
    }

    private final int maxChats;
    private final ReplyClock clock;
    private final Map<String, Chat> chats;

    public ChatPaces(int maxChats, ReplyClock clock) {
        this.maxChats = maxChats;
        this.clock = clock;
        this.chats = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Chat> eldest) {
                return size() > ChatPaces.this.maxChats;
            }
        };
    }

    public ChatPaces() {
        this(DEFAULT_MAX_CHATS, ReplyClock.SYSTEM);
    }

    /** The chat's paces; a chat seen for the first time is paced as {@code kind} says. */
    public synchronized Chat forChat(String chatId, Kind kind) {
        return chats.computeIfAbsent(chatId, id -> new Chat(new ChatPace(kind.messages(), clock::nanoTime),
                kind.previews() == null ? null : new ChatPace(kind.previews(), clock::nanoTime), clock));
    }

    synchronized int size() {
        return chats.size();
    }
}
