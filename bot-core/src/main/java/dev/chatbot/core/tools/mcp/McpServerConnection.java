package dev.chatbot.core.tools.mcp;

import dev.chatbot.core.RootCause;
import dev.chatbot.core.llm.ToolSpec;
import dev.chatbot.core.tools.Audience;
import dev.chatbot.core.tools.Tool;
import dev.chatbot.core.tools.ToolException;
import dev.chatbot.core.tools.ToolSource;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bot's connection to one MCP server, through the official MCP Java SDK: started in the
 * background at start-up, its tools listed then and again whenever the server says they changed.
 * A server that fails to start, exits or stops answering offers no tools and says why in /tools;
 * the bot keeps answering without it and tries again a while later.
 */
public final class McpServerConnection implements ToolSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(McpServerConnection.class);

    /** How long a failed server is left alone before the next attempt. */
    static final Duration RETRY_AFTER = Duration.ofMinutes(1);
    /** Lines (stdio) or responses (HTTP) longer than this are refused by the SDK: bounds a huge result's memory. */
    static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    private static final int MAX_NAME = 64;

    private final McpServerSpec spec;
    private final JsonMapper json;
    private final Clock clock;
    private final AtomicBoolean connecting = new AtomicBoolean();
    private volatile McpSyncClient client;
    private volatile List<Tool> tools = List.of();
    private volatile String trouble = "starting";
    private volatile Instant lastAttempt = Instant.MIN;
    private volatile boolean closed;

    public McpServerConnection(McpServerSpec spec, JsonMapper json, Clock clock) {
        this.spec = spec;
        this.json = json;
        this.clock = clock;
    }

    /** Connects in the background: the bot's start does not wait for a slow server. */
    public void start() {
        connectInBackground();
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public Audience audience() {
        return spec.audience();
    }

    @Override
    public List<Tool> tools() {
        if (trouble != null && !connecting.get() && clock.instant().isAfter(lastAttempt.plus(RETRY_AFTER))) {
            connectInBackground();
        }
        return tools;
    }

    @Override
    public Optional<String> trouble() {
        return Optional.ofNullable(trouble);
    }

    JsonMapper json() {
        return json;
    }

    /** Calls one tool; a server that fails at it (not the tool) is marked down. */
    McpSchema.CallToolResult call(McpSchema.CallToolRequest request) throws ToolException, InterruptedException {
        McpSyncClient current = client;
        if (current == null) {
            throw new ToolException("the MCP server " + spec.name() + " is not available");
        }
        try {
            return current.callTool(request);
        } catch (McpError e) {
            // the server answered: the tool refused; the server itself is fine
            throw new ToolException(e.getMessage());
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || RootCause.of(e) instanceof InterruptedException) {
                throw new InterruptedException("cut off");
            }
            down(current, "stopped answering: " + RootCause.describe(e));
            throw new ToolException("the MCP server " + spec.name() + " stopped answering");
        }
    }

    private void connectInBackground() {
        if (closed || !connecting.compareAndSet(false, true)) {
            return;
        }
        lastAttempt = clock.instant();
        Thread.ofVirtual().name("mcp-" + spec.name()).start(() -> {
            try {
                connect();
            } finally {
                connecting.set(false);
            }
        });
    }

    private void connect() {
        McpSyncClient created = null;
        try {
            McpClientTransport transport = transport();
            created = McpClient.sync(transport)
                    .requestTimeout(spec.timeout())
                    .initializationTimeout(spec.timeout())
                    .clientInfo(new McpSchema.Implementation("chatbot", "1.0"))
                    .toolsChangeConsumer(this::toolsChanged)
                    .build();
            created.initialize();
            McpSyncClient ready = created;
            List<McpSchema.Tool> listed = listAll(ready);
            if (closed) {
                ready.close();
                return;
            }
            client = ready;
            toolsChanged(listed);
            trouble = null;
            log.info("MCP server {} is ready with {} tools: {}", spec.name(), tools.size(),
                    tools.stream().map(Tool::name).toList());
            if (transport instanceof StdioClientTransport stdio) {
                watchExit(stdio, ready);
            }
        } catch (RuntimeException e) {
            trouble = "could not start: " + RootCause.describe(e);
            log.warn("MCP server {} {}; the bot goes on without its tools and tries again in {}", spec.name(), trouble,
                    RETRY_AFTER);
            if (created != null) {
                closeQuietly(created);
            }
        }
    }

    private McpClientTransport transport() {
        if (spec.isStdio()) {
            ServerParameters params = ServerParameters.builder(spec.command()).args(spec.args()).env(spec.env()).build();
            StdioClientTransport stdio = new CleanEnvironmentStdio(params);
            stdio.setStdErrorHandler(line -> log.debug("MCP server {} says: {}", spec.name(), line));
            return stdio;
        }
        String url = spec.url().toString();
        int path = url.indexOf('/', url.indexOf("://") + 3);
        String base = path < 0 ? url : url.substring(0, path);
        String endpoint = path < 0 ? "/" : url.substring(path);
        return HttpClientStreamableHttpTransport.builder(base)
                .endpoint(endpoint)
                .connectTimeout(spec.timeout())
                .maxResponseSize(MAX_MESSAGE_BYTES)
                .httpRequestCustomizer((request, method, uri, body, context) -> spec.headers().forEach(request::header))
                .build();
    }

    /**
     * Starts the server with only the environment its config gives it (and PATH, HOME and the like):
     * a child process would otherwise inherit the bot's, API keys and tokens included.
     */
    private static final class CleanEnvironmentStdio extends StdioClientTransport {
        CleanEnvironmentStdio(ServerParameters params) {
            super(params, McpJsonDefaults.getMapper(), MAX_MESSAGE_BYTES);
        }

        @Override
        protected ProcessBuilder getProcessBuilder() {
            ProcessBuilder builder = super.getProcessBuilder();
            builder.environment().clear();
            return builder;
        }
    }

    /** A stdio server that exits is down at once, not only when the next call finds out. */
    private void watchExit(StdioClientTransport stdio, McpSyncClient watched) {
        Thread.ofVirtual().name("mcp-exit-" + spec.name()).start(() -> {
            stdio.awaitForExit();
            if (!closed && client == watched) {
                down(watched, "exited");
            }
        });
    }

    private List<McpSchema.Tool> listAll(McpSyncClient c) {
        List<McpSchema.Tool> all = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = cursor == null ? c.listTools() : c.listTools(cursor);
            all.addAll(page.tools());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    private void toolsChanged(List<McpSchema.Tool> listed) {
        List<Tool> out = new ArrayList<>();
        for (McpSchema.Tool t : listed) {
            String schema = t.inputSchema() == null ? null : json.writeValueAsString(t.inputSchema());
            String description = t.description() != null ? t.description() : t.title();
            out.add(new McpTool(this, t.name(), new ToolSpec(modelName(t.name()), description, schema)));
        }
        if (!tools.isEmpty()) {
            log.info("MCP server {} changed its tools: {}", spec.name(), out.stream().map(Tool::name).toList());
        }
        tools = List.copyOf(out);
    }

    /** Every provider accepts letters, digits, _ and - up to 64; MCP names may hold more. */
    static String modelName(String mcpName) {
        String clean = mcpName.replaceAll("[^A-Za-z0-9_-]", "_");
        return clean.length() > MAX_NAME ? clean.substring(0, MAX_NAME) : clean;
    }

    private synchronized void down(McpSyncClient failed, String why) {
        if (client != failed) {
            return;
        }
        client = null;
        tools = List.of();
        trouble = why;
        lastAttempt = clock.instant();
        log.warn("MCP server {} {}; the bot goes on without its tools and tries again in {}", spec.name(), why,
                RETRY_AFTER);
        closeQuietly(failed);
    }

    @Override
    public void close() {
        closed = true;
        McpSyncClient c = client;
        client = null;
        if (c != null) {
            closeQuietly(c);
        }
    }

    private void closeQuietly(McpSyncClient c) {
        try {
            c.closeGracefully();
        } catch (RuntimeException e) {
            log.debug("Closing MCP server {}: {}", spec.name(), e.toString());
        }
    }
}
