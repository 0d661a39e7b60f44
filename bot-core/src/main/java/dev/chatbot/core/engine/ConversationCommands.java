package dev.chatbot.core.engine;

import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.commands.CommandContext;
import dev.chatbot.core.commands.CommandHandler;
import dev.chatbot.core.commands.CommandSpec;
import dev.chatbot.core.history.ChatStore;
import java.util.List;

/**
 * /ask, /new, /stop and /retry: the commands that act on the chat's conversation itself, so every
 * engine runs them, whatever other commands it was given.
 */
final class ConversationCommands implements CommandHandler {

    private final TurnRunner turns;
    private final ActiveTurns active;
    private final ChatStore chats;

    ConversationCommands(TurnRunner turns, ActiveTurns active, ChatStore chats) {
        this.turns = turns;
        this.active = active;
        this.chats = chats;
    }

    /**
     * /stop runs at once, not behind the answer it is meant to stop; the others wait for that answer to end.
     * /ask and /retry take the chat's turn lock themselves, as any question does; /new holds it too, so it
     * clears after an answer running on another replica ends, and that answer's history write cannot bring
     * the cleared history back.
     */
    @Override
    public List<CommandSpec> commands() {
        return List.of(CommandSpec.inTurn("ask"), CommandSpec.holdingChat("new"), CommandSpec.atOnce("stop"),
                CommandSpec.inTurn("retry"));
    }

    @Override
    public void handle(CommandContext context) {
        InboundMessage message = context.message();
        switch (context.command().name()) {
            case "ask" -> {
                if (context.command().hasArgs()) {
                    turns.run(message, context.command().args(), context.channel());
                } else {
                    context.reply("ask.usage");
                }
            }
            case "new" -> {
                boolean cleared = chats.clearAndEnd(message.chat(), context.turn()).toCompletableFuture().join();
                context.reply(cleared ? "new.done" : "chat.busy"); // not cleared: a newer turn began, this replica stalled
            }
            case "stop" -> {
                if (!active.stop(message.chat())) {
                    context.reply("stop.nothing");
                }
            }
            case "retry" -> turns.retry(message, context.channel());
            default -> throw new IllegalArgumentException("Not a conversation command: /" + context.command().name());
        }
    }
}
