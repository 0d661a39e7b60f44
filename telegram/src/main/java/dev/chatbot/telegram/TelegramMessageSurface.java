package dev.chatbot.telegram;

import dev.chatbot.core.reply.MessageSurface;
import dev.chatbot.core.reply.PreviewRefusedException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendMessageDraft;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * One answer's messages in one chat: sendMessage and editMessageText, and in private chats
 * sendMessageDraft while the answer grows. Texts are formatted on the way out (the model's
 * Markdown as entities, the bot's own texts as they are). The first part of an answer replies to
 * the user's message (in groups, so everyone sees what it answers); each later part replies to
 * the part before it.
 */
final class TelegramMessageSurface implements MessageSurface {

    private static final Logger log = LoggerFactory.getLogger(TelegramMessageSurface.class);

    static final int MAX_LENGTH = 4096;

    private final TelegramApi api;
    private final long chatId;
    private final Integer threadId;
    private final TelegramChats.ChatState chat;
    private final Function<String, FormattedText> format;
    private final Runnable onShown;
    private Integer replyTo;
    private int draftId = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE / 2);
    private FormattedText lastDraft;

    /**
     * @param replyTo the user's message to answer as a reply, or null to answer plainly
     * @param onShown told each time something became visible in the chat
     */
    TelegramMessageSurface(TelegramApi api, long chatId, Integer threadId, TelegramChats.ChatState chat,
                           Integer replyTo, Function<String, FormattedText> format, Runnable onShown) {
        this.api = api;
        this.chatId = chatId;
        this.threadId = threadId;
        this.chat = chat;
        this.replyTo = replyTo;
        this.format = format;
        this.onShown = onShown;
    }

    @Override
    public int maxLength() {
        return MAX_LENGTH;
    }

    @Override
    public int measure(String text) {
        return format.apply(text).length();
    }

    @Override
    public String send(String text) {
        FormattedText formatted = format.apply(text);
        Message sent = withPlainFallback(formatted, f -> {
            SendMessage.SendMessageBuilder<?, ?> builder = SendMessage.builder().chatId(chatId).messageThreadId(threadId)
                    .text(f.text()).entities(f.messageEntities());
            if (replyTo != null) {
                builder.replyParameters(ReplyParameters.builder().messageId(replyTo).allowSendingWithoutReply(true).build());
            }
            return api.message(builder.build());
        });
        replyTo = sent.getMessageId();
        // the next part's draft is a new one: Telegram animates only changes to the same draft
        draftId = draftId == Integer.MAX_VALUE ? 1 : draftId + 1;
        lastDraft = null;
        onShown.run();
        return sent.getMessageId().toString();
    }

    @Override
    public void edit(String messageId, String text) {
        try {
            withPlainFallback(format.apply(text), f -> api.message(EditMessageText.builder().chatId(chatId)
                    .messageId(Integer.valueOf(messageId)).text(f.text()).entities(f.messageEntities()).build()));
        } catch (TelegramCallException e) {
            if (!e.isNotModified()) {
                throw e;
            }
        }
    }

    @Override
    public boolean canPreview() {
        return chat.canDraft();
    }

    @Override
    public void preview(String text) {
        FormattedText formatted = format.apply(text);
        if (formatted.equals(lastDraft)) {
            return;
        }
        try {
            withPlainFallback(formatted, f -> api.message(SendMessageDraft.builder().chatId(chatId).messageThreadId(threadId)
                    .draftId(draftId).text(f.text()).entities(f.messageEntities()).build()));
        } catch (TelegramCallException e) {
            if (e.errorCode() != null && (e.errorCode() == 400 || e.errorCode() == 404)) {
                if (chat.refuseDrafts()) {
                    log.info("Telegram refused drafts in chat {} ({}); editing messages there instead", chatId, e.getMessage());
                }
                throw new PreviewRefusedException(e.getMessage());
            }
            throw e;
        }
        lastDraft = formatted;
        onShown.run();
    }

    /**
     * Telegram should never refuse our entities; if it does, the text goes out without them
     * rather than not at all.
     */
    private <T> T withPlainFallback(FormattedText formatted, Function<FormattedText, T> call) {
        try {
            return call.apply(formatted);
        } catch (TelegramCallException e) {
            if (formatted.entities().isEmpty() || !e.isAboutEntities()) {
                throw e;
            }
            log.warn("Telegram refused the formatting of a message in chat {} ({}); sending it unformatted", chatId, e.getMessage());
            return call.apply(new FormattedText(formatted.text(), List.of()));
        }
    }
}
