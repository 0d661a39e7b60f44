package dev.chatbot.telegram;

import dev.chatbot.core.engine.ConversationEngine;
import dev.chatbot.core.engine.InboundMessage;
import java.util.List;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Receives polled updates and hands each to the engine, which queues the work per chat and
 * returns at once: a slow answer in one chat never delays another, nor the next poll.
 */
final class TelegramUpdateConsumer implements LongPollingUpdateConsumer {

    private static final Logger log = LoggerFactory.getLogger(TelegramUpdateConsumer.class);

    private final TelegramInboundMapper mapper;
    private final ConversationEngine engine;
    private final TelegramClient client;
    private final TelegramPaces paces;
    private volatile boolean closed;

    TelegramUpdateConsumer(TelegramInboundMapper mapper, ConversationEngine engine, TelegramClient client, TelegramPaces paces) {
        this.mapper = mapper;
        this.engine = engine;
        this.client = client;
        this.paces = paces;
    }

    /**
     * Stops taking updates. A long poll still in flight may return some after this; they are left
     * unconfirmed, so Telegram hands them to the next instance instead of a dying one.
     */
    void close() {
        closed = true;
    }

    @Override
    public void consume(List<Update> updates) {
        if (closed) {
            return;
        }
        for (Update update : updates) {
            try {
                if (update.hasCallbackQuery()) {
                    acknowledge(update.getCallbackQuery().getId());
                }
                mapper.map(update).ifPresent(this::submit);
            } catch (RuntimeException e) {
                log.warn("Could not handle update {}: {}", update.getUpdateId(), e.toString());
            }
        }
    }

    /** Stops the button's spinner at once; the command's answer follows as a message. */
    private void acknowledge(String callbackQueryId) {
        try {
            client.executeAsync(AnswerCallbackQuery.builder().callbackQueryId(callbackQueryId).build())
                    .exceptionally(e -> {
                        log.debug("answerCallbackQuery failed: {}", e.toString());
                        return false;
                    });
        } catch (Exception e) {
            log.debug("answerCallbackQuery failed: {}", e.toString());
        }
    }

    private void submit(InboundMessage message) {
        long chatId = Long.parseLong(message.chat().chatId());
        Integer thread = message.chat().threadId() == null ? null : Integer.valueOf(message.chat().threadId());
        Integer replyTo = message.isDirect() ? null : Integer.valueOf(message.messageId());
        engine.submit(message, new TelegramReplyChannel(client, chatId, thread, replyTo,
                paces.forChat(chatId, message.isDirect())));
    }
}
