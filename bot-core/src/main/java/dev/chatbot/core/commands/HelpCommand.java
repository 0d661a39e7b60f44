package dev.chatbot.core.commands;

import dev.chatbot.core.chat.Admins;
import java.util.List;

/**
 * /help lists the catalogue's commands; /start greets and then shows the same list. Admins also
 * get the admin commands' grammar, which is too rich for one line per command.
 */
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
    public List<CommandSpec> commands() {
        return List.of(CommandSpec.atOnce("help"), CommandSpec.atOnce("start"));
    }

    @Override
    public void handle(CommandContext context) {
        String help = context.catalogue().help(context.message().language());
        if (context.catalogue().hasAdminCommands()
                && admins.isAdmin(context.message().sender(), context.message().chat().platform())) {
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
