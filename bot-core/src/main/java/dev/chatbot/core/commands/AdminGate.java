package dev.chatbot.core.commands;

import dev.chatbot.core.engine.EngineSettings;
import dev.chatbot.core.engine.InboundMessage;
import dev.chatbot.core.limits.LimitGrammar;

/** Who may run admin commands, and the answers shared by them. */
final class AdminGate {

    private final EngineSettings settings;

    AdminGate(EngineSettings settings) {
        this.settings = settings;
    }

    boolean isAdmin(InboundMessage message) {
        return settings.isAdmin(message.sender(), message.chat().platform());
    }

    boolean isAdmin(String userRef) {
        return settings.admins().contains(userRef);
    }

    /** Says what could not be read, then the whole grammar. */
    static void malformed(CommandContext context, LimitGrammar.Parsed<?> parsed) {
        context.channel().send(context.text(parsed.error(), parsed.errorArgs().toArray())
                + "\n\n" + context.text("help.admin"));
    }
}
