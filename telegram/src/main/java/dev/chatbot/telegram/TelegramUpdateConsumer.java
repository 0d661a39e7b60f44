package dev.chatbot.telegram;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.engine.ConversationEngine;
import dev.chatbot.core.pending.PendingWork;
import dev.chatbot.core.pending.PendingWorkStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Receives polled updates and hands each to the engine, which queues the work per chat and
 * returns at once: a slow answer in one chat never delays another, nor the next poll.
 *
 * <p>Nothing is lost: telegrambots confirms a batch with the next getUpdates offset once this
 * method returns, so every update meant for the bot is recorded as pending work before it does,
 * and forgotten once it has been dealt with. A crash in between leaves it pending, and the next
 * start takes it up ({@link #replayPending()}); an update Telegram delivers again is recognised
 * and not answered twice. If Redis is down the update is still handed over, so the chat at least
 * gets the engine's apology.
 */
final class TelegramUpdateConsumer implements LongPollingUpdateConsumer {

    private static final Logger log = LoggerFactory.getLogger(TelegramUpdateConsumer.class);

    static final String PLATFORM = TelegramInboundMapper.PLATFORM;

    private record Work(Update update, InboundMessage message) {
        String id() {
            return update.getUpdateId().toString();
        }
    }

    private final TelegramInboundMapper mapper;
    private final ConversationEngine engine;
    private final TelegramApi api;
    private final TelegramChats chats;
    private final PendingWorkStore pending;
    /** Jackson 2, as telegrambots reads and writes its own types. */
    private final ObjectMapper json = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean taking = true;
    private volatile boolean abandoned;

    TelegramUpdateConsumer(TelegramInboundMapper mapper, ConversationEngine engine, TelegramApi api,
                           TelegramChats chats, PendingWorkStore pending) {
        this.mapper = mapper;
        this.engine = engine;
        this.api = api;
        this.chats = chats;
        this.pending = pending;
    }

    @Override
    public void consume(List<Update> updates) {
        if (!taking) {
            return; // left unconfirmed: the session is stopping, Telegram hands them to the next start
        }
        try {
            List<Work> work = new ArrayList<>();
            for (Update update : updates) {
                if (update.hasCallbackQuery()) {
                    acknowledge(update.getCallbackQuery().getId());
                }
                read(update).ifPresent(work::add);
            }
            // issued together, so Lettuce pipelines them: one round trip for the whole batch
            List<CompletableFuture<Boolean>> recorded = work.stream().map(this::record).toList();
            for (int i = 0; i < work.size(); i++) {
                Work w = work.get(i);
                Boolean isNew = outcome(recorded.get(i), w);
                if (isNew == null) {
                    dispatch(w, false);
                } else if (isNew) {
                    dispatch(w, true);
                } else {
                    log.info("Update {} arrived again and was taken before; not answering it twice", w.id());
                }
            }
        } catch (RuntimeException e) {
            // an exception escaping here would end telegrambots' polling for good
            log.warn("Could not handle a batch of {} updates: {}", updates.size(), e.toString());
        }
    }

    /** Takes up the updates a previous run recorded but did not finish, oldest first. */
    void replayPending() {
        List<PendingWork> left;
        try {
            left = pending.pending(PLATFORM).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Could not read the updates left pending by the last run: {}", e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!left.isEmpty()) {
            log.info("Taking up {} update(s) received but not answered before the restart", left.size());
        }
        for (PendingWork p : left) {
            Optional<Work> work = Optional.empty();
            try {
                work = read(json.readValue(p.payload(), Update.class));
            } catch (Exception e) {
                log.warn("Dropping pending update {}: it cannot be read ({})", p.id(), e.toString());
            }
            if (work.isPresent()) {
                dispatch(work.get(), true);
            } else {
                forget(p.id());
            }
        }
    }

    /**
     * One update posted to the webhook. Returns once it is recorded (or found to be a redelivery),
     * so answering the webhook request acknowledges it only then.
     *
     * @throws IllegalArgumentException when the body is not an update
     */
    void acceptPosted(byte[] body) {
        Update update;
        try {
            update = json.readValue(body, Update.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a Telegram update: " + e.getMessage(), e);
        }
        consume(List.of(update));
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

    /** Takes no more updates; those still in a poll are left for the next start. */
    void stopTaking() {
        taking = false;
    }

    /** Waits up to {@code grace} for the updates taken so far; false when some are still running. */
    boolean awaitInFlight(Duration grace) {
        if (grace.isZero() || inFlight.isEmpty()) {
            return inFlight.isEmpty();
        }
        try {
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return inFlight.isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    int inFlightCount() {
        return inFlight.size();
    }

    /** Whatever is still running stays pending, to be answered after the restart. */
    void abandon() {
        abandoned = true;
    }

    private Optional<Work> read(Update update) {
        try {
            return mapper.map(update).filter(InboundMessage::isForBot).map(m -> new Work(update, m));
        } catch (RuntimeException e) {
            log.warn("Could not read update {}: {}", update.getUpdateId(), e.toString());
            return Optional.empty();
        }
    }

    private CompletableFuture<Boolean> record(Work w) {
        try {
            return pending.accept(PLATFORM, w.id(), json.writeValueAsString(w.update())).toCompletableFuture();
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** True when new, false when seen before, null when it could not be recorded. */
    private Boolean outcome(CompletableFuture<Boolean> recorded, Work w) {
        try {
            return recorded.get();
        } catch (ExecutionException e) {
            log.warn("Could not record update {} ({}); answering it anyway", w.id(), e.getCause().toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void dispatch(Work w, boolean recorded) {
        InboundMessage message = w.message();
        long chatId = Long.parseLong(message.chat().chatId());
        Integer thread = message.chat().threadId() == null ? null : Integer.valueOf(message.chat().threadId());
        Integer replyTo = message.isDirect() ? null : Integer.valueOf(message.messageId());
        CompletableFuture<Void> answered = engine.submit(message, new TelegramReplyChannel(api, chatId, thread, replyTo,
                chats.forChat(chatId, message.isDirect())));
        // in flight until it is forgotten too, so a stopping bot waits for that as well
        CompletableFuture<Void> done = answered.handle((ok, error) -> null)
                .thenCompose(x -> recorded && !abandoned ? forget(w.id()) : CompletableFuture.<Void>completedFuture(null));
        inFlight.add(done);
        done.whenComplete((ok, error) -> inFlight.remove(done));
    }

    private CompletableFuture<Void> forget(String id) {
        return pending.complete(PLATFORM, id).toCompletableFuture().exceptionally(e -> {
            log.warn("Could not mark update {} as answered: {}", id, e.toString());
            return null;
        });
    }
}
