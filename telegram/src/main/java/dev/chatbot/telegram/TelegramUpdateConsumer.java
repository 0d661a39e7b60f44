package dev.chatbot.telegram;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.inbox.Arrival;
import dev.chatbot.core.inbox.Inbox;
import dev.chatbot.core.inbox.InboxEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Reads Telegram updates, polled or posted to the webhook, and hands those meant for the bot to
 * the {@link Inbox}, which records them before Telegram is told they arrived and answers each once.
 * telegrambots confirms a polled batch with the next getUpdates offset once {@link #consume}
 * returns; the webhook's 200 goes out once {@link #acceptPosted} returns.
 */
final class TelegramUpdateConsumer implements LongPollingUpdateConsumer {

    private static final Logger log = LoggerFactory.getLogger(TelegramUpdateConsumer.class);

    private final TelegramInboundMapper mapper;
    private final TelegramApi api;
    private final TelegramChats chats;
    private final Inbox inbox;
    /** Jackson 2, as telegrambots reads and writes its own types. */
    private final ObjectMapper json = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    TelegramUpdateConsumer(TelegramInboundMapper mapper, TelegramApi api, TelegramChats chats, Inbox inbox) {
        this.mapper = mapper;
        this.api = api;
        this.chats = chats;
        this.inbox = inbox;
    }

    @Override
    public void consume(List<Update> updates) {
        try {
            receive(updates);
        } catch (RuntimeException e) {
            // an exception escaping here would end telegrambots' polling for good
            log.warn("Could not handle a batch of {} updates: {}", updates.size(), e.toString());
        }
    }

    /**
     * One update posted to the webhook. Returns once it is recorded (or found to be a redelivery),
     * so answering the webhook request acknowledges it only then.
     *
     * @return false when the bot is stopping and took nothing: Telegram should deliver it again
     * @throws IllegalArgumentException when the body is not an update
     */
    boolean acceptPosted(byte[] body) {
        Update update;
        try {
            update = json.readValue(body, Update.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a Telegram update: " + e.getMessage(), e);
        }
        return receive(List.of(update)).stream().allMatch(Arrival::isAcknowledged);
    }

    /** Takes up the updates a previous run recorded but did not finish, oldest first. */
    void replayPending() {
        inbox.replay(this::readPayload);
    }

    /** Holds this replica's share of the inbox and takes up what dead replicas left (see {@link Inbox#shareWork}). */
    AutoCloseable shareWork(java.time.Duration lease) {
        return inbox.shareWork(lease, this::readPayload);
    }

    private Optional<InboxEvent> readPayload(String payload) {
        try {
            return read(json.readValue(payload, Update.class));
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private List<Arrival> receive(List<Update> updates) {
        List<InboxEvent> events = new ArrayList<>();
        for (Update update : updates) {
            if (update.hasCallbackQuery()) {
                acknowledge(update.getCallbackQuery().getId());
            }
            read(update).ifPresent(events::add);
        }
        return inbox.receive(events);
    }

    /** Stops the button's spinner at once; the command's answer follows as a message. */
    private void acknowledge(String callbackQueryId) {
        Thread.ofVirtual().name("callback-answer").start(() -> {
            try {
                api.call(AnswerCallbackQuery.builder().callbackQueryId(callbackQueryId).build());
            } catch (RuntimeException e) {
                log.debug("answerCallbackQuery failed: {}", e.toString());
            }
        });
    }

    private Optional<InboxEvent> read(Update update) {
        try {
            Optional<InboundMessage> message = mapper.map(update).filter(InboundMessage::isForBot);
            if (message.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new InboxEvent(update.getUpdateId().toString(), json.writeValueAsString(update),
                    message.get(), channel(message.get())));
        } catch (IOException | RuntimeException e) {
            log.warn("Could not read update {}: {}", update.getUpdateId(), e.toString());
            return Optional.empty();
        }
    }

    private TelegramReplyChannel channel(InboundMessage message) {
        long chatId = Long.parseLong(message.chat().chatId());
        Integer thread = message.chat().threadId() == null ? null : Integer.valueOf(message.chat().threadId());
        Integer replyTo = message.isDirect() ? null : Integer.valueOf(message.messageId());
        return new TelegramReplyChannel(api, chatId, thread, replyTo, chats.forChat(chatId, message.isDirect()));
    }
}
