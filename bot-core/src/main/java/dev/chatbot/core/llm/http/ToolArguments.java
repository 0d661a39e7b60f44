package dev.chatbot.core.llm.http;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A call's arguments as the object the formats that take them parsed (Anthropic, Gemini) want. */
public final class ToolArguments {

    private ToolArguments() {
    }

    /** The arguments as an object; arguments the model wrote wrong are sent back as {} (their result says so). */
    public static JsonNode object(JsonMapper json, String arguments) {
        try {
            JsonNode node = json.readTree(arguments);
            return node != null && node.isObject() ? node : json.createObjectNode();
        } catch (JacksonException notJson) {
            return json.createObjectNode();
        }
    }
}
