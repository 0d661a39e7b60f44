package dev.chatbot.core.commands;

import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.reply.ReplyChannel;

/**
 * What a command handler gets: the message, the parsed command, where to answer, and every
 * command the bot runs (for /help).
 */
public record CommandContext(InboundMessage message, CommandLine command, ReplyChannel channel, Texts texts,
                             CommandCatalogue catalogue) {

    /** Answers with the text under {@code key} in the sender's language. */
    public void reply(String key, Object... args) {
        channel.send(text(key, args));
    }

    public String text(String key, Object... args) {
        return texts.get(message.language(), key, args);
    }
}
