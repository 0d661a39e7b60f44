package dev.chatbot.core.commands;

import dev.chatbot.core.i18n.Texts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every command the bot runs, in the order menus and /help show them, with the handler that runs
 * it. Telegram's menus, Discord's slash commands and the /help list are built from it, so a new
 * command shows up everywhere once its handler declares it.
 */
public final class CommandCatalogue {

    /** A command and what runs it. */
    public record Entry(CommandSpec spec, CommandHandler handler) {
    }

    private final Map<String, Entry> byName = new LinkedHashMap<>();
    private final Texts texts;

    /**
     * @param handlers in the order their commands should be shown
     * @throws IllegalArgumentException when two handlers claim one name or a command has no description
     */
    public CommandCatalogue(List<? extends CommandHandler> handlers, Texts texts) {
        this.texts = texts;
        for (CommandHandler handler : handlers) {
            for (CommandSpec spec : handler.commands()) {
                if (!texts.has(descriptionKey(spec))) {
                    throw new IllegalArgumentException("The command /" + spec.name() + " needs a description: add "
                            + descriptionKey(spec) + " to the texts");
                }
                Entry before = byName.putIfAbsent(spec.name(), new Entry(spec, handler));
                if (before != null) {
                    throw new IllegalArgumentException("Two handlers run /" + spec.name() + ": "
                            + before.handler().getClass().getSimpleName() + " and " + handler.getClass().getSimpleName());
                }
            }
        }
    }

    public Optional<Entry> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<CommandSpec> all() {
        return byName.values().stream().map(Entry::spec).toList();
    }

    /** What everyone may run: the menus. */
    public List<CommandSpec> forEveryone() {
        return all().stream().filter(spec -> !spec.adminOnly()).toList();
    }

    public boolean hasAdminCommands() {
        return all().stream().anyMatch(CommandSpec::adminOnly);
    }

    /** @param language one of {@link Texts#LANGUAGES}, or a platform's code such as "zh-hans"; null for English */
    public String description(CommandSpec spec, String language) {
        return texts.get(language, descriptionKey(spec));
    }

    /** Such as {@code <text>}; empty when /help shows none for the command. */
    public String argumentHint(CommandSpec spec, String language) {
        String key = descriptionKey(spec) + ".args";
        return texts.has(key) ? texts.get(language, key) : "";
    }

    /** The /help list of what everyone may run, one line per command, in the given language. */
    public String help(String language) {
        List<String> lines = new ArrayList<>();
        lines.add(texts.get(language, "help.title"));
        for (CommandSpec spec : forEveryone()) {
            String hint = argumentHint(spec, language);
            lines.add("/" + spec.name() + (hint.isEmpty() ? "" : " " + hint) + " \u2014 " + description(spec, language));
        }
        return String.join("\n", lines) + "\n\n" + texts.get(language, "help.footer");
    }

    private static String descriptionKey(CommandSpec spec) {
        return "command." + spec.name();
    }
}
