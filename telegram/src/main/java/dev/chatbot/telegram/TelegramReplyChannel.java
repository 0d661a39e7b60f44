package dev.chatbot.telegram;

import dev.chatbot.core.reply.Choice;
import dev.chatbot.core.reply.PacedReply;
import dev.chatbot.core.reply.Reply;
import dev.chatbot.core.reply.ReplyChannel;
import java.util.List;
import java.util.function.Function;

/**
 * Answers to one Telegram message, paced per chat (and, through {@link TelegramApi}, per bot).
 * Answers are the model's Markdown and go out formatted; the bot's own texts go out as written.
 */
final class TelegramReplyChannel implements ReplyChannel {

    private final TelegramApi api;
    private final long chatId;
    private final Integer threadId;
    private final Integer replyTo;
    private final TelegramChats.ChatState chat;
    private final TypingIndicator typing;

    /** @param replyTo the user's message to answer as a reply, or null to answer plainly */
    TelegramReplyChannel(TelegramApi api, long chatId, Integer threadId, Integer replyTo, TelegramChats.ChatState chat) {
        this.api = api;
        this.chatId = chatId;
        this.threadId = threadId;
        this.replyTo = replyTo;
        this.chat = chat;
        this.typing = new TypingIndicator(api, chatId, threadId);
    }

    @Override
    public Reply open() {
        return reply(TelegramMarkdown::render);
    }

    @Override
    public void send(String text) {
        // the same path as an answer: paced, split when long, 429s waited out
        reply(FormattedText::plain).finish(text);
    }

    @Override
    public void sendChoices(String text, List<Choice> choices) {
        TelegramChoices.send(api, chatId, threadId, replyTo, chat.messages(), text, choices);
    }

    @Override
    public void typing() {
        typing.start();
    }

    private PacedReply reply(Function<String, FormattedText> format) {
        return new PacedReply(new TelegramMessageSurface(api, chatId, threadId, chat, replyTo, format, typing::stop),
                chat.messages(), chat.drafts());
    }
}
