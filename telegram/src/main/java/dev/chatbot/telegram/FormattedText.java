package dev.chatbot.telegram;

import java.util.List;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;

/** Text as Telegram shows it, with its formatting as entities: nothing in it needs escaping. */
record FormattedText(String text, List<TextEntity> entities) {

    FormattedText {
        entities = List.copyOf(entities);
    }

    static FormattedText plain(String text) {
        return new FormattedText(text, List.of());
    }

    /** Telegram's length limits count UTF-16 units, as Java strings do. */
    int length() {
        return text.length();
    }

    /** The entities for a Bot API call; null when there are none, so the field is left out. */
    List<MessageEntity> messageEntities() {
        return entities.isEmpty() ? null : entities.stream().map(TextEntity::toMessageEntity).toList();
    }
}
