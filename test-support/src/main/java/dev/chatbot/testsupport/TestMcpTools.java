package dev.chatbot.testsupport;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/**
 * The tools the test MCP servers offer (over stdio and over streamable HTTP):
 * {@code lookup_word} answers a definition, {@code huge_page} a result far larger than any model
 * should read, {@code hang} never returns, {@code env_var} says whether the server's process has an
 * environment variable, {@code unlock} adds the tool {@code secret_word} (the server tells its clients
 * that its tools changed) and {@code exit} ends the server's process. Their answers are fixed so tests
 * can expect them exactly.
 */
public final class TestMcpTools {

    /** Characters of {@code huge_page}'s result. */
    public static final int HUGE = 200_000;

    private TestMcpTools() {
    }

    public static String definition(String word) {
        return word + ": a word the test MCP server knows";
    }

    /** @param server the server they run in, for {@code unlock} */
    public static List<SyncToolSpecification> all(java.util.function.Supplier<io.modelcontextprotocol.server.McpSyncServer> server) {
        return List.of(
                tool("env_var", "Whether this server's process has an environment variable",
                        Map.of("type", "object", "properties", Map.of("name", Map.of("type", "string"))),
                        args -> System.getenv(String.valueOf(args.get("name"))) == null ? "unset" : "set"),
                tool("unlock", "Adds the tool secret_word", Map.of("type", "object"), args -> {
                    server.get().addTool(tool("secret_word", "Tells the secret word", Map.of("type", "object"), a -> "swordfish"));
                    return "unlocked";
                }),
                tool("exit", "Ends the server", Map.of("type", "object"), args -> {
                    Runtime.getRuntime().halt(3);
                    return "gone";
                }),
                tool("lookup_word", "Looks a word up in the test dictionary",
                        Map.of("type", "object", "properties", Map.of("word", Map.of("type", "string")),
                                "required", List.of("word")),
                        args -> definition(String.valueOf(args.get("word")))),
                tool("huge_page", "Returns a very long page", Map.of("type", "object"),
                        args -> "x".repeat(HUGE)),
                tool("hang", "Never answers", Map.of("type", "object"), args -> {
                    try {
                        new java.util.concurrent.CountDownLatch(1).await(); // never counted down: only a timeout ends it
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "woke up";
                }));
    }

    private static SyncToolSpecification tool(String name, String description, Map<String, Object> schema,
                                              java.util.function.Function<Map<String, Object>, String> body) {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name(name).description(description).inputSchema(schema).build())
                .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                        .content(List.of(new McpSchema.TextContent(body.apply(request.arguments()))))
                        .isError(false)
                        .build())
                .build();
    }
}
