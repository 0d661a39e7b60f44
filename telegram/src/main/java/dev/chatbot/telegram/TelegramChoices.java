package dev.chatbot.telegram;

import dev.chatbot.core.reply.ChatPace;
import dev.chatbot.core.reply.Choice;
import dev.chatbot.core.reply.ReplyRateLimitedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

/**
 * A message with an inline keyboard whose buttons carry their command as callback data, so a
 * press comes back as that command from the presser (see {@link TelegramInboundMapper}).
 */
final class TelegramChoices {

    static final int MAX_CALLBACK_DATA_BYTES = 64;
    /** Short labels go two to a row; longer ones get a row each so they are not cut off. */
    private static final int SHORT_LABEL = 22;
    private static final int MAX_ATTEMPTS = 3;

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

    /** Sends at the chat's pace, waiting out a 429 a few times before giving up. */
    static void send(TelegramApi api, long chatId, Integer threadId, Integer replyTo, ChatPace pace,
                     String text, List<Choice> choices) {
        SendMessage.SendMessageBuilder<?, ?> builder = SendMessage.builder().chatId(chatId).text(text)
                .messageThreadId(threadId).replyMarkup(keyboard(choices));
        if (replyTo != null) {
            builder.replyParameters(ReplyParameters.builder().messageId(replyTo).allowSendingWithoutReply(true).build());
        }
        SendMessage message = builder.build();
        for (int attempt = 1; ; attempt++) {
            sleep(pace.waitTime().toMillis());
            try {
                api.message(message);
                pace.sent();
                return;
            } catch (ReplyRateLimitedException e) {
                pace.pause(e.retryAfter());
                if (attempt == MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
