package dev.chatbot.core.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbot.core.i18n.Texts;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandCatalogueTests {

    final Texts texts = new Texts();

    /** A handler that only declares; these tests never run a command. */
    record Declares(List<CommandSpec> commands) implements CommandHandler {
        Declares(CommandSpec... specs) {
            this(List.of(specs));
        }

        @Override
        public void handle(CommandContext context) {
            throw new AssertionError("not run here");
        }
    }

    @Test
    void keeps_the_handlers_order_and_leaves_admin_commands_out_of_what_everyone_sees() {
        CommandCatalogue catalogue = new CommandCatalogue(List.of(
                new Declares(CommandSpec.inTurn("new"), CommandSpec.atOnce("stop")),
                new Declares(CommandSpec.forAdmins("ban")),
                new Declares(CommandSpec.atOnce("help"))), texts);

        assertThat(catalogue.all()).extracting(CommandSpec::name).containsExactly("new", "stop", "ban", "help");
        assertThat(catalogue.forEveryone()).extracting(CommandSpec::name).containsExactly("new", "stop", "help");
        assertThat(catalogue.hasAdminCommands()).isTrue();
        assertThat(catalogue.find("stop").orElseThrow().spec().runsAtOnce()).isTrue();
        assertThat(catalogue.find("new").orElseThrow().spec().runsAtOnce()).isFalse();
        assertThat(catalogue.find("frobnicate")).isEmpty();
    }

    @Test
    void gives_each_command_its_description_and_argument_hint_in_english_and_chinese() {
        CommandCatalogue catalogue = new CommandCatalogue(List.of(
                new Declares(CommandSpec.inTurn("ask"), CommandSpec.inTurn("new"))), texts);
        CommandSpec ask = catalogue.find("ask").orElseThrow().spec();
        CommandSpec fresh = catalogue.find("new").orElseThrow().spec();

        assertThat(catalogue.description(fresh, "en")).isEqualTo("Start a fresh conversation");
        assertThat(catalogue.description(fresh, "zh-hans")).isEqualTo("开始新对话");
        assertThat(catalogue.argumentHint(ask, null)).isEqualTo("<text>");
        assertThat(catalogue.argumentHint(ask, "zh")).isEqualTo("<内容>");
        assertThat(catalogue.argumentHint(fresh, "en")).isEmpty();
    }

    @Test
    void help_lists_what_everyone_may_run_one_line_each() {
        CommandCatalogue catalogue = new CommandCatalogue(List.of(
                new Declares(CommandSpec.inTurn("ask"), CommandSpec.inTurn("new")),
                new Declares(CommandSpec.forAdmins("stats"))), texts);

        assertThat(catalogue.help("en")).isEqualTo("""
                Here is what I can do:
                /ask <text> \u2014 Ask a question (handy in groups)
                /new \u2014 Start a fresh conversation

                In private chats just write to me. In groups, mention me, reply to one of my messages, or use /ask.""");
        assertThat(catalogue.help("zh")).startsWith("我能做这些：\n/ask <内容> \u2014 提问").doesNotContain("/stats");
    }

    @Test
    void refuses_a_name_two_handlers_claim() {
        assertThatThrownBy(() -> new CommandCatalogue(List.of(
                new Declares(CommandSpec.inTurn("new")), new Declares(CommandSpec.atOnce("new"))), texts))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Two handlers run /new");
    }

    @Test
    void refuses_a_command_without_a_description() {
        assertThatThrownBy(() -> new CommandCatalogue(List.of(new Declares(CommandSpec.atOnce("frobnicate"))), texts))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("command.frobnicate");
    }

    @Test
    void refuses_a_name_telegram_or_discord_would_not_take() {
        assertThatThrownBy(() -> CommandSpec.atOnce("/new")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandSpec.atOnce("New")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandSpec.atOnce("x".repeat(33))).isInstanceOf(IllegalArgumentException.class);
    }
}
