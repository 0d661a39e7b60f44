package dev.chatbot.core.commands;

import dev.chatbot.core.chat.Admins;
import java.util.Set;

/** /help, and /start, which greets and then shows the same list; admins also see their commands. */
public final class HelpCommand implements CommandHandler {

    private final Admins admins;

    /** Help without the admins' part. */
    public HelpCommand() {
        this(Admins.NONE);
    }

    public HelpCommand(Admins admins) {
        this.admins = admins;
    }

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
        String help = context.text("help") + "\n\n" + context.text("help.usage");
        if (admins.isAdmin(context.message().sender(), context.message().chat().platform())) {
            help += "\n\n" + context.text("help.admin");
        }
        if (context.command().name().equals("start")) {
            String hint = context.message().isDirect() ? "" : context.text("start.group.hint");
            context.channel().send(context.text("start", context.message().sender().speakerName(), hint)
                    + "\n\n" + help);
        } else {
            context.channel().send(help);
        }
    }
}
