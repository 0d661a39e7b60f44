package dev.chatbot.core.commands;

import java.util.Set;

/** /help, and /start, which greets and then shows the same list. */
public final class HelpCommand implements CommandHandler {

    @Override
    public Set<String> names() {
        return Set.of("help", "start");
    }

    @Override
    public boolean waitsForTurn() {
        return false;
    }

    @Override
    public void handle(CommandContext context) {
        if (context.command().name().equals("start")) {
            String hint = context.message().isDirect() ? "" : context.text("start.group.hint");
            context.channel().send(context.text("start", context.message().sender().speakerName(), hint)
                    + "\n\n" + context.text("help"));
        } else {
            context.reply("help");
        }
    }
}
