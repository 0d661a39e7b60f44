package dev.chatbot.telegram;

import dev.chatbot.core.reply.MessageSurface;
import dev.chatbot.core.reply.ReplyRateLimitedException;
import java.time.Duration;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * sendMessage and editMessageText for one chat. The first part of an answer replies to the
 * user's message (in groups, so everyone sees what it answers); each later part replies to the
 * part before it.
 */
final class TelegramMessageSurface implements MessageSurface {

    static final int MAX_LENGTH = 4096;

    private final TelegramClient client;
    private final long chatId;
    private final Integer threadId;
    private Integer replyTo;

    TelegramMessageSurface(TelegramClient client, long chatId, Integer threadId, Integer replyTo) {
        this.client = client;
        this.chatId = chatId;
        this.threadId = threadId;
        this.replyTo = replyTo;
    }

    @Override
    public int maxLength() {
        return MAX_LENGTH;
    }

    @Override
    public String send(String text) {
        SendMessage.SendMessageBuilder<?, ?> builder = SendMessage.builder().chatId(chatId).text(text).messageThreadId(threadId);
        if (replyTo != null) {
            builder.replyParameters(ReplyParameters.builder().messageId(replyTo).allowSendingWithoutReply(true).build());
        }
        Message sent = execute(() -> client.execute(builder.build()));
        replyTo = sent.getMessageId();
        return sent.getMessageId().toString();
    }

    @Override
    public void edit(String messageId, String text) {
        try {
            execute(() -> client.execute(EditMessageText.builder().chatId(chatId)
                    .messageId(Integer.valueOf(messageId)).text(text).build()));
        } catch (TelegramCallException e) {
            if (!e.isNotModified()) {
                throw e;
            }
        }
    }

    @FunctionalInterface
    interface Call<T> {
        T run() throws TelegramApiException;
    }

    static <T> T execute(Call<T> call) {
        try {
            return call.run();
        } catch (TelegramApiRequestException e) {
            if (e.getErrorCode() != null && e.getErrorCode() == 429) {
                int seconds = e.getParameters() != null && e.getParameters().getRetryAfter() != null
                        ? e.getParameters().getRetryAfter() : 1;
                throw new ReplyRateLimitedException(Duration.ofSeconds(seconds));
            }
            throw new TelegramCallException(e.getErrorCode(), e.getApiResponse());
        } catch (TelegramApiException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new TelegramCallException(null, e.getMessage() + (root == e ? "" : " (" + root + ")"));
        }
    }
}
