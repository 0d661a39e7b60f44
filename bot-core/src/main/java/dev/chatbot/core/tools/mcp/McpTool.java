package dev.chatbot.core.tools.mcp;

import dev.chatbot.core.llm.ToolSpec;
import dev.chatbot.core.tools.Tool;
import dev.chatbot.core.tools.ToolException;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** One tool of an MCP server: calls go to the server's current connection. */
final class McpTool implements Tool {

    private final McpServerConnection server;
    private final String remoteName;
    private final ToolSpec spec;

    McpTool(McpServerConnection server, String remoteName, ToolSpec spec) {
        this.server = server;
        this.remoteName = remoteName;
        this.spec = spec;
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    @Override
    @SuppressWarnings("unchecked")
    public String call(JsonNode arguments) throws ToolException, InterruptedException {
        Map<String, Object> args = server.json().convertValue(arguments, Map.class);
        McpSchema.CallToolResult result = server.call(new McpSchema.CallToolRequest(remoteName, args));
        String text = McpResults.text(result, server.json());
        if (Boolean.TRUE.equals(result.isError())) {
            throw new ToolException(text.isBlank() ? "the tool failed" : text);
        }
        return text;
    }
}
