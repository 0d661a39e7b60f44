package dev.chatbot.testsupport;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A test MCP server over stdio, built with the official SDK's server side, for the bot to start as a
 * child process: {@code java -cp <test classpath> dev.chatbot.testsupport.StdioMcpServerMain}.
 */
public final class StdioMcpServerMain {

    private StdioMcpServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // stdout carries the protocol only: whatever logs on this class path (logback, slf4j-simple) goes to stderr
        java.io.PrintStream protocol = System.out;
        System.setOut(System.err);
        java.util.concurrent.atomic.AtomicReference<McpSyncServer> self = new java.util.concurrent.atomic.AtomicReference<>();
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(McpJsonDefaults.getMapper(), System.in, protocol))
                .serverInfo("test-stdio-mcp", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(TestMcpTools.all(self::get))
                .build();
        self.set(server);
        new CountDownLatch(1).await(); // serves until the bot closes stdin or kills the process
        server.close();
    }

    /** The command line that starts this server with the running JVM and its class path. */
    public static List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StdioMcpServerMain.class.getName());
        return command;
    }
}
