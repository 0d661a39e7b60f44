package dev.chatbot.core.tools.mcp;

import dev.chatbot.core.tools.Audience;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One MCP server from BOT_CONFIG: a command the bot starts and speaks to over stdio, or a URL it
 * speaks streamable HTTP to.
 *
 * @param name     how /tools and admins name it
 * @param command  stdio: the program to start; null for HTTP
 * @param args     stdio: its arguments
 * @param env      stdio: environment variables it gets besides a minimal safe set
 * @param url      streamable HTTP: the endpoint, e.g. https://wiki.example.com/mcp; null for stdio
 * @param headers  streamable HTTP: sent with every request (e.g. Authorization)
 * @param timeout  how long one call, or the start, may take
 * @param audience who may use its tools
 */
public record McpServerSpec(String name, String command, List<String> args, Map<String, String> env, URI url,
                            Map<String, String> headers, Duration timeout, Audience audience) {

    public McpServerSpec {
        Objects.requireNonNull(name, "name");
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        audience = audience == null ? Audience.EVERYONE : audience;
        if ((command == null) == (url == null)) {
            throw new IllegalArgumentException("MCP server " + name + ": give either a command (stdio) or a url (streamable HTTP)");
        }
    }

    public boolean isStdio() {
        return command != null;
    }
}
