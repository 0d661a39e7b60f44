package dev.chatbot.core.commands;

import dev.chatbot.core.chat.Admins;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.llm.ModelInfo;
import dev.chatbot.core.settings.SettingsStore;
import java.math.BigDecimal;
import java.util.List;

/** /models: the models the sender may choose, with provider, context window and price. */
public final class ModelsCommand implements CommandHandler {

    private final ModelCatalog catalog;
    private final SettingsStore settings;
    private final Admins admins;

    public ModelsCommand(ModelCatalog catalog, SettingsStore settings, Admins admins) {
        this.catalog = catalog;
        this.settings = settings;
        this.admins = admins;
    }

    @Override
    public List<CommandSpec> commands() {
        return List.of(CommandSpec.atOnce("models"));
    }

    @Override
    public void handle(CommandContext context) {
        InboundMessage message = context.message();
        boolean admin = admins.isAdmin(message.sender(), message.chat().platform());
        List<ModelInfo> choices = catalog.choicesFor(message.senderRef(), admin);
        ModelInfo current = catalog.resolve(settings.settings(message.chat()).toCompletableFuture().join().model());
        if (choices.isEmpty()) {
            context.reply("model.current", current.id(), current.provider());
            return;
        }
        StringBuilder sb = new StringBuilder(context.text("models.header"));
        for (ModelInfo m : choices) {
            String price = m.inputPricePerMillion() > 0 || m.outputPricePerMillion() > 0
                    ? context.text("models.price", plain(m.inputPricePerMillion()), plain(m.outputPricePerMillion()))
                    : "";
            sb.append('\n').append(context.text("models.line",
                    m.id().equals(current.id()) ? ModelCommand.CURRENT_MARK : "\u2022 ", m.id(), m.provider(),
                    tokens(m.contextWindow()), price));
        }
        sb.append("\n\n").append(context.text("models.footer"));
        context.channel().send(sb.toString());
    }

    /** 128000 as "128k", 1048576 as "1M". */
    static String tokens(int n) {
        if (n >= 1_000_000) {
            return plain(Math.round(n / 100_000.0) / 10.0) + "M";
        }
        if (n >= 1000) {
            return Math.round(n / 1000.0) + "k";
        }
        return Integer.toString(n);
    }

    /** 0.15 as "0.15", 5.0 as "5". */
    static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
