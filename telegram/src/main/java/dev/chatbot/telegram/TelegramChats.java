package dev.chatbot.telegram;

import dev.chatbot.core.reply.ChatPaces;
import java.time.Duration;

/**
 * How Telegram paces each kind of chat, over the core's per-chat paces: private chats get
 * drafts and about one send or edit a second, groups no drafts and about 20 a minute.
 */
final class TelegramChats {

    private final ChatPaces paces;
    private final ChatPaces.Kind privateChat;
    private final ChatPaces.Kind group;

    TelegramChats(Duration privateInterval, Duration groupInterval, Duration draftInterval) {
        this(new ChatPaces(), privateInterval, groupInterval, draftInterval);
    }

    TelegramChats(ChatPaces paces, Duration privateInterval, Duration groupInterval, Duration draftInterval) {
        this.paces = paces;
        this.privateChat = new ChatPaces.Kind(privateInterval, draftInterval);
        this.group = ChatPaces.Kind.withoutPreviews(groupInterval);
    }

    ChatPaces.Chat forChat(long chatId, boolean isPrivate) {
        return paces.forChat(Long.toString(chatId), isPrivate ? privateChat : group);
    }
}
