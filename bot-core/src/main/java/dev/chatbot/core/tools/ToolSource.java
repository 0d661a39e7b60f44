package dev.chatbot.core.tools;

import java.util.List;
import java.util.Optional;

/**
 * Where tools come from: one built-in tool, or an MCP server with its tools, which may change while
 * the bot runs or be gone when the server is.
 */
public interface ToolSource {

    /** The built-in tool's name, or the MCP server's name from BOT_CONFIG. */
    String name();

    /** Who may use its tools. */
    Audience audience();

    /** Its tools now; empty while it is down. */
    List<Tool> tools();

    /** Why it offers nothing now (failed to start, died), for /tools; empty when it is fine. */
    default Optional<String> trouble() {
        return Optional.empty();
    }

    /** Whether it is a built-in tool rather than an MCP server. */
    default boolean builtIn() {
        return false;
    }

    /** A source of one built-in tool. */
    static ToolSource builtIn(Tool tool, Audience audience) {
        return new ToolSource() {
            @Override
            public String name() {
                return tool.name();
            }

            @Override
            public Audience audience() {
                return audience;
            }

            @Override
            public List<Tool> tools() {
                return List.of(tool);
            }

            @Override
            public boolean builtIn() {
                return true;
            }
        };
    }
}
