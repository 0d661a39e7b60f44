package dev.chatbot.core.tools.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.StringJoiner;
import tools.jackson.databind.json.JsonMapper;

/** An MCP tool result as the text a model reads: text parts as they are, other parts named. */
final class McpResults {

    private McpResults() {
    }

    static String text(McpSchema.CallToolResult result, JsonMapper json) {
        StringJoiner out = new StringJoiner("\n");
        if (result.content() != null) {
            for (McpSchema.Content part : result.content()) {
                out.add(switch (part) {
                    case McpSchema.TextContent t -> t.text();
                    case McpSchema.ImageContent i -> "[image " + i.mimeType() + "]";
                    case McpSchema.AudioContent a -> "[audio " + a.mimeType() + "]";
                    case McpSchema.EmbeddedResource r -> r.resource() instanceof McpSchema.TextResourceContents t
                            ? t.text() : "[resource " + r.resource().uri() + "]";
                    case McpSchema.ResourceLink l -> "[resource " + l.uri() + "]";
                    default -> "[" + part.type() + "]";
                });
            }
        }
        if (out.length() == 0 && result.structuredContent() != null) {
            return json.writeValueAsString(result.structuredContent());
        }
        return out.toString();
    }
}
