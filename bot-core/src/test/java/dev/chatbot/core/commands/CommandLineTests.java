package dev.chatbot.core.commands;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandLineTests {

    @Test
    void parses_name_and_arguments() {
        assertThat(CommandLine.parse("/ask what is up?")).contains(new CommandLine("ask", "what is up?"));
        assertThat(CommandLine.parse("  /NEW  ")).contains(new CommandLine("new", ""));
        assertThat(CommandLine.parse("/ask@my_bot  hello\nworld")).contains(new CommandLine("ask", "hello\nworld"));
    }

    @Test
    void plain_text_and_paths_are_not_commands() {
        assertThat(CommandLine.parse("hello /ask")).isEmpty();
        assertThat(CommandLine.parse("/")).isEmpty();
        assertThat(CommandLine.parse("/ nothing")).isEmpty();
        assertThat(CommandLine.parse(null)).isEmpty();
    }
}
