package dev.chatbot.core.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbot.core.tools.Tool;
import dev.chatbot.core.tools.ToolException;
import dev.chatbot.testsupport.Eventually;
import dev.chatbot.testsupport.StdioMcpServerMain;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * One stdio MCP server (the test server in a child JVM, built with the SDK's server side): its tools
 * listed and refreshed when it says they changed, its environment kept apart from the bot's, and its
 * death noticed.
 */
class McpServerConnectionTests {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Set<String> INHERITED = Set.of("HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER");

    McpServerConnection connection;

    @AfterEach
    void close() {
        if (connection != null) {
            connection.close();
        }
    }

    McpServerConnection start(Map<String, String> env) {
        List<String> command = StdioMcpServerMain.command();
        connection = new McpServerConnection(new McpServerSpec("dict", command.getFirst(), command.subList(1, command.size()),
                env, null, Map.of(), Duration.ofSeconds(20), null), JSON, Clock.systemUTC());
        connection.start();
        Eventually.await("the server to be ready", WAIT, () -> connection.trouble().isEmpty());
        return connection;
    }

    Tool tool(String name) {
        return connection.tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    String call(String tool, String arguments) throws Exception {
        return tool(tool).call(JSON.readTree(arguments));
    }

    @Test
    void tools_are_listed_and_refreshed_when_the_server_says_they_changed() throws Exception {
        start(Map.of());
        assertThat(connection.tools()).extracting(Tool::name).doesNotContain("secret_word").contains("lookup_word", "unlock");
        assertThat(call("unlock", "{}")).isEqualTo("unlocked");
        Eventually.await("the new tool to be listed", WAIT,
                () -> connection.tools().stream().anyMatch(t -> t.name().equals("secret_word")));
        assertThat(call("secret_word", "{}")).isEqualTo("swordfish");
    }

    @Test
    void the_server_gets_its_configured_environment_and_none_of_the_bots() throws Exception {
        String bots = System.getenv().keySet().stream().filter(k -> !INHERITED.contains(k)).findFirst().orElseThrow();
        start(Map.of("MCP_TEST_VAR", "1"));
        assertThat(call("env_var", "{\"name\":\"MCP_TEST_VAR\"}")).isEqualTo("set");
        assertThat(call("env_var", "{\"name\":\"" + bots + "\"}")).isEqualTo("unset");
        assertThat(call("env_var", "{\"name\":\"PATH\"}")).isEqualTo("set");
    }

    @Test
    void a_server_that_exits_is_down_with_no_tools_and_calls_say_so() throws Exception {
        start(Map.of());
        Tool lookup = tool("lookup_word");
        assertThatThrownBy(() -> call("exit", "{}")).isInstanceOf(ToolException.class);
        Eventually.await("the exit to be noticed", WAIT, () -> connection.trouble().isPresent());
        assertThat(connection.tools()).isEmpty();
        assertThatThrownBy(() -> lookup.call(JSON.readTree("{\"word\":\"x\"}"))).isInstanceOf(ToolException.class)
                .hasMessageContaining("not available");
    }

    @Test
    void a_command_that_does_not_exist_is_reported() {
        connection = new McpServerConnection(new McpServerSpec("broken", "/nonexistent/mcp", List.of(), Map.of(), null,
                Map.of(), Duration.ofSeconds(5), null), JSON, Clock.systemUTC());
        connection.start();
        Eventually.await("the failure to be reported", WAIT,
                () -> connection.trouble().orElse("").startsWith("could not start"));
        assertThat(connection.tools()).isEmpty();
    }
}
