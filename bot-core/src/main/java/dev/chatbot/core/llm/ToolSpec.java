package dev.chatbot.core.llm;

import java.util.Objects;

/**
 * A tool offered to the model: what every wire format sends as a function declaration.
 *
 * @param name        what the model calls it by: letters, digits, _ and -, at most 64 (every provider accepts that)
 * @param description what it does, for the model
 * @param inputSchema a JSON Schema object of its arguments, as JSON text
 */
public record ToolSpec(String name, String description, String inputSchema) {

    public ToolSpec {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        inputSchema = inputSchema == null || inputSchema.isBlank() ? "{\"type\":\"object\",\"properties\":{}}" : inputSchema;
    }
}
