package dev.chatbot.core.commands;

import dev.chatbot.core.chat.Admins;
import dev.chatbot.core.chat.InboundMessage;

/** Who may run admin commands, and the answers shared by them. */
final class AdminGate {

    private final Admins admins;

    AdminGate(Admins admins) {
        this.admins = admins;
    }

    boolean isAdmin(InboundMessage message) {
        return admins.isAdmin(message.sender(), message.chat().platform());
    }

    boolean isAdmin(String userRef) {
        return admins.contains(userRef);
    }

    /** Says what could not be read, then the whole grammar. */
    static void malformed(CommandContext context, LimitGrammar.Parsed<?> parsed) {
        context.channel().send(context.text(parsed.error(), parsed.errorArgs().toArray())
                + "\n\n" + context.text("help.admin"));
    }
}
