package dev.chatbot.telegram;

import dev.chatbot.core.reply.Choice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

/**
 * The inline keyboard under a message with choices: each button carries its command as callback
 * data, so a press comes back as that command from the presser (see {@link TelegramInboundMapper}).
 * The message itself goes out through the reply pump like any other.
 */
final class TelegramChoices {

    static final int MAX_CALLBACK_DATA_BYTES = 64;
    /** Short labels go two to a row; longer ones get a row each so they are not cut off. */
    private static final int SHORT_LABEL = 22;

    private TelegramChoices() {
    }

    static InlineKeyboardMarkup keyboard(List<Choice> choices) {
        boolean allShort = choices.stream().allMatch(c -> c.label().length() <= SHORT_LABEL);
        int perRow = allShort ? 2 : 1;
        List<InlineKeyboardRow> rows = new ArrayList<>();
        InlineKeyboardRow row = new InlineKeyboardRow();
        for (Choice c : choices) {
            if (c.command().getBytes(StandardCharsets.UTF_8).length > MAX_CALLBACK_DATA_BYTES) {
                throw new IllegalArgumentException("callback data over 64 bytes: " + c.command());
            }
            row.add(InlineKeyboardButton.builder().text(c.label()).callbackData(c.command()).build());
            if (row.size() == perRow) {
                rows.add(row);
                row = new InlineKeyboardRow();
            }
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return new InlineKeyboardMarkup(rows);
    }
}
