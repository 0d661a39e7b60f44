package dev.chatbot.core.commands;

import java.util.List;

/** Runs one or more slash commands. */
public interface CommandHandler {

    /** The commands it runs, in the order menus and /help show them. */
    List<CommandSpec> commands();

    /** Runs the command named in {@code context.command()}, one of {@link #commands()}. */
    void handle(CommandContext context);
}
