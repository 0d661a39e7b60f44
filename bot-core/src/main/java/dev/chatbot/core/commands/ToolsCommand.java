package dev.chatbot.core.commands;

import dev.chatbot.core.chat.Admins;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.settings.SettingsStore;
import dev.chatbot.core.tools.Toolbox;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * /tools lists the tools this chat may use and their state (on, off here, server down); admins
 * switch a tool, or an MCP server with all its tools, on or off for the chat: /tools on|off &lt;name&gt;.
 */
public final class ToolsCommand implements CommandHandler {

    private final Toolbox toolbox;
    private final SettingsStore settings;
    private final Admins admins;

    public ToolsCommand(Toolbox toolbox, SettingsStore settings, Admins admins) {
        this.toolbox = toolbox;
        this.settings = settings;
        this.admins = admins;
    }

    @Override
    public List<CommandSpec> commands() {
        // it writes the chat's state, as /model and /system do: in the chat's order, its write fenced
        return List.of(CommandSpec.holdingChat("tools"));
    }

    @Override
    public void handle(CommandContext context) {
        InboundMessage message = context.message();
        boolean admin = admins.isAdmin(message.sender(), message.chat().platform());
        String[] words = context.command().args().split("\\s+", 2);
        String verb = words[0].toLowerCase(Locale.ROOT);
        if (verb.isEmpty()) {
            list(context, admin);
            return;
        }
        if (!verb.equals("on") && !verb.equals("off")) {
            context.reply("tools.usage");
            return;
        }
        if (!admin) {
            context.reply("tools.admins.only");
            return;
        }
        if (words.length < 2 || words[1].isBlank()) {
            context.reply("tools.usage");
            return;
        }
        Optional<String> name = toolbox.switchName(words[1]);
        if (name.isEmpty()) {
            context.reply("tools.unknown", words[1].strip());
            return;
        }
        boolean on = verb.equals("on");
        boolean written = settings.setTool(message.chat(), name.get(), on, context.turn()).toCompletableFuture().join();
        // fenced off: this replica stalled past its lease and a newer turn of the chat began
        context.reply(!written ? "chat.busy" : on ? "tools.switched.on" : "tools.switched.off", name.get());
    }

    private void list(CommandContext context, boolean admin) {
        InboundMessage message = context.message();
        Map<String, Boolean> switches = settings.settings(message.chat()).toCompletableFuture().join().tools();
        List<Toolbox.Listing> listing = toolbox.listing(message.senderRef(), admin, switches);
        if (listing.isEmpty()) {
            context.reply("tools.none");
            return;
        }
        StringBuilder sb = new StringBuilder(context.text("tools.header"));
        for (Toolbox.Listing source : listing) {
            if (source.builtIn()) {
                boolean on = source.tools().getOrDefault(source.name(), source.on());
                sb.append('\n').append(context.text(on ? "tools.line.on" : "tools.line.off", source.name(),
                        context.text("tools.builtin")));
                continue;
            }
            String server = context.text("tools.server", source.name());
            if (source.trouble().isPresent()) {
                sb.append('\n').append(context.text("tools.line.down", server, source.trouble().get()));
                continue;
            }
            sb.append('\n').append(context.text(source.on() ? "tools.line.on" : "tools.line.off", server,
                    context.text("tools.count", source.tools().size())));
            source.tools().forEach((tool, on) ->
                    sb.append("\n    ").append(context.text(on ? "tools.line.on" : "tools.line.off", tool, "")));
        }
        if (admin) {
            sb.append("\n\n").append(context.text("tools.footer.admin"));
        }
        context.channel().send(sb.toString());
    }
}
