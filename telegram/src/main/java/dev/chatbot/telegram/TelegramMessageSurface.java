package dev.chatbot.telegram;

import dev.chatbot.core.reply.Choice;
import dev.chatbot.core.reply.MessageGoneException;
import dev.chatbot.core.reply.MessageSurface;
import dev.chatbot.core.reply.PreviewRefusedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendMessageDraft;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;

/**
 * One answer's messages in one chat: sendMessage and editMessageText, and in private chats
 * sendMessageDraft while the answer grows (whether a chat gets drafts is its
 * {@link dev.chatbot.core.reply.ChatPaces.Kind}'s call). Buttons go out as an inline keyboard.
 * Texts are formatted on the way out (the model's
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
    private final Function<String, FormattedText> format;
    private Integer replyTo;
    private int draftId = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE / 2);
    private FormattedText lastDraft;
    /**
     * The last few texts formatted. The reply's pump measures a part (to split the answer) and then
     * shows that same part, and measures the parts already full again on each preview; rendering
     * each of them once instead of every time was a good part of the pump's work.
     */
    private final Map<String, FormattedText> recentlyFormatted = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FormattedText> eldest) {
            return size() > RECENTLY_FORMATTED;
        }
    };
    private static final int RECENTLY_FORMATTED = 4;

    /** @param replyTo the user's message to answer as a reply, or null to answer plainly */
    TelegramMessageSurface(TelegramApi api, long chatId, Integer threadId, Integer replyTo,
                           Function<String, FormattedText> format) {
        this.api = api;
        this.chatId = chatId;
        this.threadId = threadId;
        this.replyTo = replyTo;
        this.format = format;
    }

    @Override
    public int maxLength() {
        return MAX_LENGTH;
    }

    @Override
    public int measure(String text) {
        return formatted(text).length();
    }

    @Override
    public String send(String text, List<Choice> choices) {
        FormattedText formatted = formatted(text);
        Integer sent = withPlainFallback(formatted, f -> {
            SendMessage.SendMessageBuilder<?, ?> builder = SendMessage.builder().chatId(chatId).messageThreadId(threadId)
                    .text(f.text()).entities(f.messageEntities());
            if (!choices.isEmpty()) {
                builder.replyMarkup(TelegramChoices.keyboard(choices));
            }
            if (replyTo != null) {
                builder.replyParameters(ReplyParameters.builder().messageId(replyTo).allowSendingWithoutReply(true).build());
            }
            return api.message(builder.build());
        });
        if (sent == null) {
            throw new TelegramCallException(null, "sendMessage was answered without a message");
        }
        replyTo = sent;
        // the next part's draft is a new one: Telegram animates only changes to the same draft
        draftId = draftId == Integer.MAX_VALUE ? 1 : draftId + 1;
        lastDraft = null;
        return sent.toString();
    }

    @Override
    public void edit(String messageId, String text, List<Choice> choices) {
        try {
            withPlainFallback(formatted(text), f -> api.message(EditMessageText.builder().chatId(chatId)
                    .messageId(Integer.valueOf(messageId)).text(f.text()).entities(f.messageEntities())
                    .replyMarkup(choices.isEmpty() ? null : TelegramChoices.keyboard(choices)).build()));
        } catch (TelegramCallException e) {
            if (e.isMessageGone()) {
                throw new MessageGoneException(e.getMessage());
            }
            if (!e.isNotModified()) {
                throw e;
            }
        }
    }

    @Override
    public boolean canPreview() {
        return true;
    }

    @Override
    public void preview(String text) {
        FormattedText formatted = formatted(text);
        if (formatted.equals(lastDraft)) {
            return;
        }
        try {
            withPlainFallback(formatted, f -> api.message(SendMessageDraft.builder().chatId(chatId).messageThreadId(threadId)
                    .draftId(draftId).text(f.text()).entities(f.messageEntities()).build()));
        } catch (TelegramCallException e) {
            if (e.errorCode() != null && (e.errorCode() == 400 || e.errorCode() == 404)) {
                throw new PreviewRefusedException(e.getMessage());
            }
            throw e;
        }
        lastDraft = formatted;
    }

    private synchronized FormattedText formatted(String text) {
        return recentlyFormatted.computeIfAbsent(text, format);
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
