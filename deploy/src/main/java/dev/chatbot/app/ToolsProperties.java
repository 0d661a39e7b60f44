package dev.chatbot.app;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * bot.tools.* (the BOT_CONFIG file's "tools:" section): the built-in tools, the MCP servers and the
 * tool loop's limits. The README documents every field.
 *
 * @param maxSteps          model calls in one turn that may ask for tools; 0 turns tools off
 * @param timeout           how long one tool call may take
 * @param timeLimit         how long a turn's tool steps may take together
 * @param maxResultChars    what the model gets of a longer result
 * @param historyResultChars what history keeps of each result
 */
@ConfigurationProperties("bot.tools")
record ToolsProperties(@DefaultValue("5") int maxSteps,
                       @DefaultValue("30s") Duration timeout,
                       @DefaultValue("2m") Duration timeLimit,
                       @DefaultValue("16000") int maxResultChars,
                       @DefaultValue("1000") int historyResultChars,
                       @DefaultValue BuiltIn currentTime,
                       @DefaultValue FetchUrl fetchUrl,
                       List<McpServer> mcpServers) {

    ToolsProperties {
        mcpServers = mcpServers == null ? List.of() : List.copyOf(mcpServers);
    }

    /** A built-in tool: on or off, and who may use it. */
    record BuiltIn(@DefaultValue("true") boolean enabled, String access, List<String> users) {
        BuiltIn {
            users = users == null ? List.of() : List.copyOf(users);
        }
    }

    /**
     * fetch_url.
     *
     * @param maxBytes      what is read of a page at most
     * @param timeout       for the whole fetch, redirects included
     * @param allowInternal loopback, private or link-local bases (scheme, host, port) it may fetch after all,
     *                      e.g. http://10.0.0.5:8080 for a wiki on the bot's own network; none by default
     */
    record FetchUrl(@DefaultValue("true") boolean enabled, String access, List<String> users,
                    @DefaultValue("2000000") int maxBytes, @DefaultValue("15s") Duration timeout,
                    List<URI> allowInternal) {
        FetchUrl {
            users = users == null ? List.of() : List.copyOf(users);
            allowInternal = allowInternal == null ? List.of() : List.copyOf(allowInternal);
        }

        BuiltIn asBuiltIn() {
            return new BuiltIn(enabled, access, users);
        }
    }

    /**
     * One MCP server: command (+ args, env) for stdio, or url (+ headers) for streamable HTTP.
     *
     * @param timeout for its start and for each call
     */
    record McpServer(String name, String command, List<String> args, Map<String, String> env, URI url,
                     Map<String, String> headers, Duration timeout, String access, List<String> users) {
        McpServer {
            users = users == null ? List.of() : List.copyOf(users);
        }
    }
}
