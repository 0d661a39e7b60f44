package dev.chatbot.core.commands;

import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.history.TurnLease;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.reply.ReplyChannel;

/**
 * What a command handler gets: the message, the parsed command, where to answer, every command the
 * bot runs (for /help), and the chat's turn lock when the command holds it (its writes carry it).
 */
public record CommandContext(InboundMessage message, CommandLine command, ReplyChannel channel, Texts texts,
                             CommandCatalogue catalogue, TurnLease turn) {

    /** A command that holds no lock. */
    public CommandContext(InboundMessage message, CommandLine command, ReplyChannel channel, Texts texts,
                          CommandCatalogue catalogue) {
        this(message, command, channel, texts, catalogue, TurnLease.NONE);
    }

    /** Answers with the text under {@code key} in the sender's language. */
    public void reply(String key, Object... args) {
        channel.send(text(key, args));
    }

    public String text(String key, Object... args) {
        return texts.get(message.language(), key, args);
    }
}
