package dev.chatbot.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.llm.ModelInfo;
import dev.chatbot.core.llm.ToolSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Who may use which tool, and the chat's switches: a tool's own over its server's, on by default. */
class ToolboxTests {

    static Tool tool(String name) {
        return new Tool() {
            @Override
            public ToolSpec spec() {
                return new ToolSpec(name, name, null);
            }

            @Override
            public String call(JsonNode arguments) {
                return name;
            }
        };
    }

    static ToolSource server(String name, Audience audience, Tool... tools) {
        return new ToolSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Audience audience() {
                return audience;
            }

            @Override
            public List<Tool> tools() {
                return List.of(tools);
            }

            @Override
            public Optional<String> trouble() {
                return Optional.empty();
            }
        };
    }

    final Toolbox toolbox = new Toolbox(List.of(
            ToolSource.builtIn(tool("current_time"), Audience.EVERYONE),
            server("wiki", new Audience(ModelInfo.Access.LISTED, Set.of("telegram:1")), tool("search"), tool("page")),
            server("ops", new Audience(ModelInfo.Access.ADMINS, Set.of()), tool("restart"))));

    @Test
    void servers_follow_the_access_rules_of_models() {
        assertThat(toolbox.usable("telegram:2", false, Map.of())).containsOnlyKeys("current_time");
        assertThat(toolbox.usable("telegram:1", false, Map.of())).containsOnlyKeys("current_time", "search", "page");
        assertThat(toolbox.usable("telegram:9", true, Map.of())).containsOnlyKeys("current_time", "search", "page", "restart");
    }

    @Test
    void a_switched_off_server_hides_its_tools_unless_a_tool_is_switched_on_by_name() {
        assertThat(toolbox.usable("telegram:1", false, Map.of("wiki", false))).containsOnlyKeys("current_time");
        assertThat(toolbox.usable("telegram:1", false, Map.of("wiki", false, "page", true))).containsOnlyKeys("current_time", "page");
        assertThat(toolbox.switchName("WIKI")).contains("wiki");
        assertThat(toolbox.switchName("Search")).contains("search");
        assertThat(toolbox.switchName("nothing")).isEmpty();
    }
}
