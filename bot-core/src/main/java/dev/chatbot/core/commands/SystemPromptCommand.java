package dev.chatbot.core.commands;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.settings.SettingsStore;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** /system shows the chat's persona, /system &lt;text&gt; sets it, /system reset returns to the default. */
public final class SystemPromptCommand implements CommandHandler {

    /** Long enough for a detailed persona, short enough not to crowd out the conversation. */
    static final int MAX_LENGTH = 4000;
    private static final Set<String> RESET_WORDS = Set.of("reset", "clear", "default");

    private final SettingsStore settings;
    private final String defaultPrompt;

    public SystemPromptCommand(SettingsStore settings, String defaultPrompt) {
        this.settings = settings;
        this.defaultPrompt = defaultPrompt;
    }

    @Override
    public List<CommandSpec> commands() {
        // in the chat's order on every replica: a question sent before it is answered with the old persona
        return List.of(CommandSpec.holdingChat("system"));
    }

    @Override
    public void handle(CommandContext context) {
        ChatKey chat = context.message().chat();
        String args = context.command().args();
        if (args.isEmpty()) {
            String own = settings.settings(chat).toCompletableFuture().join().systemPrompt();
            if (own == null) {
                context.reply("system.default", defaultPrompt);
            } else {
                context.reply("system.current", own);
            }
            return;
        }
        if (RESET_WORDS.contains(args.toLowerCase(Locale.ROOT))) {
            reply(context, settings.setSystemPrompt(chat, null, context.turn()), "system.reset");
            return;
        }
        if (args.length() > MAX_LENGTH) {
            context.reply("system.too.long", args.length(), MAX_LENGTH);
            return;
        }
        reply(context, settings.setSystemPrompt(chat, args, context.turn()), "system.set");
    }

    /** Fenced off: this replica stalled past its lease and a newer turn of the chat began. */
    private static void reply(CommandContext context, java.util.concurrent.CompletionStage<Boolean> written, String done) {
        context.reply(written.toCompletableFuture().join() ? done : "chat.busy");
    }
}
