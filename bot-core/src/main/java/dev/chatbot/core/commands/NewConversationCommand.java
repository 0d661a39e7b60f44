package dev.chatbot.core.commands;

import dev.chatbot.core.history.ChatStore;
import java.util.Set;

/** /new: forgets the chat's history; the chat's model and persona stay. */
public final class NewConversationCommand implements CommandHandler {

    private final ChatStore chats;

    public NewConversationCommand(ChatStore chats) {
        this.chats = chats;
    }

    @Override
    public Set<String> names() {
        return Set.of("new");
    }

    @Override
    public boolean waitsForTurn() {
        return true;
    }

    @Override
    public void handle(CommandContext context) {
        chats.clear(context.message().chat()).toCompletableFuture().join();
        context.reply("new.done");
    }
}
