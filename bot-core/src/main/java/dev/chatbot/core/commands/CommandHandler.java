package dev.chatbot.core.commands;

import java.util.Set;

/** One or more slash commands. */
public interface CommandHandler {

    /** The names it answers to, lower case, without the slash. */
    Set<String> names();

    /**
     * True when the command must wait for the chat's running answer (it changes what that answer
     * writes to, like /new); false runs it at once, even while an answer streams.
     */
    boolean waitsForTurn();

    void handle(CommandContext context);
}
