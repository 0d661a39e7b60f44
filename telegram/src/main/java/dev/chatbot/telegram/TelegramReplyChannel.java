package dev.chatbot.telegram;

import dev.chatbot.core.reply.AnswerJournal;
import dev.chatbot.core.reply.ChatPaces;
import dev.chatbot.core.reply.Choice;
import dev.chatbot.core.reply.EditInPlaceReply;
import dev.chatbot.core.reply.RepeatedTyping;
import dev.chatbot.core.reply.Reply;
import dev.chatbot.core.reply.ReplyChannel;
import dev.chatbot.core.reply.ReplyClock;
import dev.chatbot.core.reply.Typing;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.objects.InputFile;

/**
 * Answers to one Telegram message, edited in place and paced per chat (and, through
 * {@link TelegramApi}, per bot). Answers are the model's Markdown and go out formatted; the bot's
 * own texts, buttons included, go out as written, through the same paced pump.
 */
final class TelegramReplyChannel implements ReplyChannel {

    private final TelegramApi api;
    private final long chatId;
    private final Integer threadId;
    private final Integer replyTo;
    private final ChatPaces.Chat chat;
    /** Telegram shows a chat action for 5 seconds at most. */
    static final Duration TYPING_REPEAT = Duration.ofSeconds(4);

    private final RepeatedTyping typing;
    private final RepeatedTyping drawing;

    /** @param replyTo the user's message to answer as a reply, or null to answer plainly */
    TelegramReplyChannel(TelegramApi api, long chatId, Integer threadId, Integer replyTo, ChatPaces.Chat chat) {
        this.api = api;
        this.chatId = chatId;
        this.threadId = threadId;
        this.replyTo = replyTo;
        this.chat = chat;
        this.typing = new RepeatedTyping(Long.toString(chatId), TYPING_REPEAT, () -> !api.isClosed(),
                () -> api.action(SendChatAction.builder().chatId(chatId).messageThreadId(threadId)
                        .action(ActionType.TYPING.toString()).build()), ReplyClock.SYSTEM);
        this.drawing = new RepeatedTyping(Long.toString(chatId), TYPING_REPEAT, () -> !api.isClosed(),
                () -> api.call(SendChatAction.builder().chatId(chatId).messageThreadId(threadId)
                        .action(ActionType.UPLOAD_PHOTO.toString()).build()), ReplyClock.SYSTEM);
    }

    @Override
    public Reply open() {
        return open(AnswerJournal.NONE);
    }

    @Override
    public Reply open(AnswerJournal journal) {
        return new EditInPlaceReply(new TelegramMessageSurface(api, chatId, threadId, replyTo, TelegramMarkdown::render),
                chat, journal);
    }

    @Override
    public void send(String text) {
        // the same path as an answer: paced, split when long, 429s waited out
        reply(FormattedText::plain).finish(text);
    }

    @Override
    public void sendChoices(String text, List<Choice> choices) {
        reply(FormattedText::plain).finish(text, choices);
    }

    @Override
    public Typing typing() {
        return typing.start();
    }

    /** "sending a photo…" while /image draws. */
    @Override
    public Typing drawing() {
        return drawing.start();
    }

    @Override
    public boolean sendPicture(byte[] image, String caption) {
        api.photo(SendPhoto.builder().chatId(chatId).messageThreadId(threadId).replyToMessageId(replyTo)
                .photo(new InputFile(new java.io.ByteArrayInputStream(image), "image.png")).caption(caption).build());
        return true;
    }

    private EditInPlaceReply reply(Function<String, FormattedText> format) {
        return new EditInPlaceReply(new TelegramMessageSurface(api, chatId, threadId, replyTo, format), chat);
    }
}
