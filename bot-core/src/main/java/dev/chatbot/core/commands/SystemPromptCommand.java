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
        // at once: a running answer keeps its persona; the next one uses the new one
        return List.of(CommandSpec.atOnce("system"));
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
            settings.setSystemPrompt(chat, null).toCompletableFuture().join();
            context.reply("system.reset");
            return;
        }
        if (args.length() > MAX_LENGTH) {
            context.reply("system.too.long", args.length(), MAX_LENGTH);
            return;
        }
        settings.setSystemPrompt(chat, args).toCompletableFuture().join();
        context.reply("system.set");
    }
}
