package dev.chatbot.core.commands;

import dev.chatbot.core.chat.Admins;
import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.llm.ModelInfo;
import dev.chatbot.core.reply.Choice;
import dev.chatbot.core.settings.SettingsStore;
import java.util.List;
import java.util.Optional;

/**
 * /model shows the chat's model with a button per model the sender may choose; /model &lt;id&gt;
 * switches the chat to it (a button press arrives as the same command). In a group anyone may
 * switch, but only to a model they may choose themselves.
 */
public final class ModelCommand implements CommandHandler {

    static final String CURRENT_MARK = "\u2713 ";
    private static final int MAX_SUGGESTIONS = 3;

    private final ModelCatalog catalog;
    private final SettingsStore settings;
    private final Admins admins;

    public ModelCommand(ModelCatalog catalog, SettingsStore settings, Admins admins) {
        this.catalog = catalog;
        this.settings = settings;
        this.admins = admins;
    }

    @Override
    public List<CommandSpec> commands() {
        // in the chat's order on every replica: a question sent before it is answered with the old model
        return List.of(CommandSpec.holdingChat("model"));
    }

    @Override
    public void handle(CommandContext context) {
        InboundMessage message = context.message();
        ChatKey chat = message.chat();
        boolean admin = admins.isAdmin(message.sender(), chat.platform());
        List<ModelInfo> choices = catalog.choicesFor(message.senderRef(), admin);
        ModelInfo current = catalog.resolve(settings.settings(chat).toCompletableFuture().join().model());

        if (!context.command().hasArgs()) {
            if (choices.isEmpty()) {
                context.reply("model.current", current.id(), current.provider());
                return;
            }
            List<Choice> buttons = choices.stream()
                    .map(m -> new Choice((m.id().equals(current.id()) ? CURRENT_MARK : "") + m.id(),
                            "/model " + ModelCatalog.ref(m.id())))
                    .toList();
            context.channel().sendChoices(context.text("model.pick", current.id(), current.provider()), buttons);
            return;
        }

        String wanted = context.command().args();
        Optional<ModelInfo> found = catalog.find(wanted);
        if (found.isEmpty()) {
            List<String> close = ModelCatalog.suggest(wanted, choices, MAX_SUGGESTIONS);
            context.channel().send(context.text("model.unknown", wanted)
                    + (close.isEmpty() ? "" : context.text("model.suggest", String.join(", ", close)))
                    + "\n" + context.text("model.list.hint"));
            return;
        }
        ModelInfo model = found.get();
        if (!model.isAllowedFor(message.senderRef(), admin)) {
            context.reply("model.not.allowed", model.id());
            return;
        }
        if (!settings.setModel(chat, model.id(), context.turn()).toCompletableFuture().join()) {
            context.reply("chat.busy"); // this replica stalled past its lease and a newer turn began
            return;
        }
        context.reply("model.switched", model.id(), model.provider());
    }
}
