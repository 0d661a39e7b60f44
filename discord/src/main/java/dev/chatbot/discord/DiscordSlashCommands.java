package dev.chatbot.discord;

import dev.chatbot.core.commands.CommandCatalogue;
import dev.chatbot.core.commands.CommandSpec;
import dev.chatbot.core.i18n.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.interactions.DiscordLocale;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;

/**
 * The slash commands, built from the engine's command catalogue (so Discord offers exactly what
 * the engine runs), plus /chat, Discord's way to ask without a mention. Descriptions in English
 * and Chinese. Admin commands are shown by default only to members with Administrator; the
 * engine still checks BOT_ADMINS on every use, and in a DM with the bot they work for admins
 * whatever their server permissions.
 */
final class DiscordSlashCommands {

    static final String CHAT = "chat";
    static final String PROMPT = "prompt";
    static final String MODEL = "model";
    /** The one free-text option of commands that take arguments. */
    static final String ARGS = "args";
    /** Commands whose arguments /help shows no hint for but which take some (a user, a limit). */
    private static final Set<String> TAKE_ARGUMENTS = Set.of("usage", "limit", "unlimit", "ban", "unban");
    private static final List<DiscordLocale> CHINESE = List.of(DiscordLocale.CHINESE_CHINA, DiscordLocale.CHINESE_TAIWAN);
    private static final int MAX_DESCRIPTION = 100;

    private DiscordSlashCommands() {
    }

    static List<SlashCommandData> build(CommandCatalogue catalogue, Texts texts) {
        List<SlashCommandData> commands = new ArrayList<>();
        commands.add(describe(Commands.slash(CHAT, cut(texts.get("en", "command.chat"))), texts, "command.chat")
                .addOption(OptionType.STRING, PROMPT, cut(texts.get("en", "command.chat.args")), true));
        for (CommandSpec spec : catalogue.all()) {
            SlashCommandData data = Commands.slash(spec.name(), cut(catalogue.description(spec, "en")));
            for (DiscordLocale locale : CHINESE) {
                data.setDescriptionLocalization(locale, cut(catalogue.description(spec, "zh")));
            }
            data.setContexts(InteractionContextType.GUILD, InteractionContextType.BOT_DM);
            if (spec.name().equals(MODEL)) {
                data.addOption(OptionType.STRING, MODEL, cut(texts.get("en", "discord.option.model")), false, true);
            } else if (!catalogue.argumentHint(spec, "en").isEmpty() || TAKE_ARGUMENTS.contains(spec.name())) {
                String hint = catalogue.argumentHint(spec, "en");
                data.addOption(OptionType.STRING, ARGS, cut(hint.isEmpty() ? texts.get("en", "discord.option.args") : hint), false);
            }
            if (spec.adminOnly()) {
                data.setDefaultPermissions(DefaultMemberPermissions.enabledFor(Permission.ADMINISTRATOR));
            }
            commands.add(data);
        }
        return commands;
    }

    private static SlashCommandData describe(SlashCommandData data, Texts texts, String key) {
        for (DiscordLocale locale : CHINESE) {
            data.setDescriptionLocalization(locale, cut(texts.get("zh", key)));
        }
        return data.setContexts(InteractionContextType.GUILD, InteractionContextType.BOT_DM);
    }

    private static String cut(String description) {
        return description.length() <= MAX_DESCRIPTION ? description : description.substring(0, MAX_DESCRIPTION - 1) + "…";
    }
}
