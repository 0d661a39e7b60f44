package dev.chatbot.telegram;

import org.telegram.telegrambots.meta.api.objects.MessageEntity;

/**
 * One Telegram message entity: a span of the text, in UTF-16 units, with its formatting.
 *
 * @param type     Telegram's entity type: bold, italic, code, pre, text_link, blockquote
 * @param url      for text_link only
 * @param language for pre only; null for none
 */
record TextEntity(String type, int offset, int length, String url, String language) {

    static TextEntity of(String type, int offset, int length) {
        return new TextEntity(type, offset, length, null, null);
    }

    int end() {
        return offset + length;
    }

    MessageEntity toMessageEntity() {
        return MessageEntity.builder().type(type).offset(offset).length(length).url(url).language(language).build();
    }
}
