package dev.chatbot.core.tools;

import dev.chatbot.core.llm.ToolSpec;
import tools.jackson.databind.JsonNode;

/** Something the model may ask the bot to do: a built-in tool or one an MCP server offers. */
public interface Tool {

    /** Its name, description and argument schema as the model sees them. */
    ToolSpec spec();

    default String name() {
        return spec().name();
    }

    /**
     * Runs it with arguments that already fit its schema. The caller cuts it off at its timeout by
     * interrupting the thread.
     *
     * @return what the model reads
     * @throws ToolException with a short reason the model reads instead
     */
    String call(JsonNode arguments) throws ToolException, InterruptedException;

    /**
     * What the growing reply names while it runs, e.g. "example.com" in "fetching example.com…" (the
     * texts say "tool.running.<name>", else "running <name>"); empty for nothing more.
     */
    default String subject(JsonNode arguments) {
        return "";
    }
}
