package dev.chatbot.telegram;

import dev.chatbot.core.reply.ChatPace;
import dev.chatbot.core.reply.Choice;
import dev.chatbot.core.reply.PacedReply;
import dev.chatbot.core.reply.Reply;
import dev.chatbot.core.reply.ReplyChannel;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ActionType;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/** Answers to one Telegram message, paced per chat. */
final class TelegramReplyChannel implements ReplyChannel {

    private static final Logger log = LoggerFactory.getLogger(TelegramReplyChannel.class);

    private final TelegramClient client;
    private final long chatId;
    private final Integer threadId;
    private final Integer replyTo;
    private final ChatPace pace;

    /** @param replyTo the user's message to answer as a reply, or null to answer plainly */
    TelegramReplyChannel(TelegramClient client, long chatId, Integer threadId, Integer replyTo, ChatPace pace) {
        this.client = client;
        this.chatId = chatId;
        this.threadId = threadId;
        this.replyTo = replyTo;
        this.pace = pace;
    }

    @Override
    public Reply open() {
        return new PacedReply(new TelegramMessageSurface(client, chatId, threadId, replyTo), pace);
    }

    @Override
    public void send(String text) {
        // the same path as an answer: paced, split when long, 429s waited out
        open().finish(text);
    }

    @Override
    public void sendChoices(String text, List<Choice> choices) {
        TelegramChoices.send(client, chatId, threadId, replyTo, pace, text, choices);
    }

    @Override
    public void typing() {
        try {
            client.executeAsync(SendChatAction.builder().chatId(chatId).messageThreadId(threadId)
                    .action(ActionType.TYPING.toString()).build())
                    .exceptionally(e -> {
                        log.debug("typing action failed: {}", e.toString());
                        return false;
                    });
        } catch (Exception e) {
            log.debug("typing action failed: {}", e.toString());
        }
    }
}
