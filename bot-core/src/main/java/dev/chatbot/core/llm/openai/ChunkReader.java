package dev.chatbot.core.llm.openai;

import static dev.chatbot.core.llm.http.JsonFields.elements;
import static dev.chatbot.core.llm.http.JsonFields.fields;
import static dev.chatbot.core.llm.http.JsonFields.integer;
import static dev.chatbot.core.llm.http.JsonFields.scalar;

import dev.chatbot.core.llm.http.JsonFields;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one chat-completion chunk with a streaming parser, keeping only the fields an answer needs:
 * each choice's {@code delta.content} and {@code finish_reason}, {@code usage} and {@code error}.
 * A chunk arrives for every token, so building a tree of it (and of the role, logprobs, filter
 * annotations and ids beside the text) was a good part of the stream thread's work. Each object's
 * fields are dispatched by name in one method ({@code chunkField}, {@code choiceField}...); a field
 * not named there is skipped unread. One reader serves one stream and is reused for each chunk.
 */
final class ChunkReader {

    private final JsonMapper json;

    // what the last chunk held; reset by read()
    private final List<String> contents = new ArrayList<>(1);
    private final List<String> finishReasons = new ArrayList<>(1);
    private final List<ToolDelta> toolDeltas = new ArrayList<>(1);
    private boolean hasError;
    private String errorCode;
    private String errorType;
    private String errorMessage;
    private boolean hasUsage;
    private int promptTokens;
    private int completionTokens;

    // the choice being read
    private String content;
    private String finish;
    // the tool call delta being read
    private int toolIndex;
    private String toolId;
    private String toolName;
    private String toolArguments;

    // the parser of the chunk being read, and the readers of its objects, made once per stream
    private JsonParser parser;
    private final JsonFields.Field chunkField = this::chunkField;
    private final JsonFields.Element choice = this::choice;
    private final JsonFields.Field choiceField = this::choiceField;
    private final JsonFields.Field deltaField = this::deltaField;
    private final JsonFields.Field usageField = this::usageField;
    private final JsonFields.Field errorField = this::errorField;
    private final JsonFields.Element toolCall = this::toolCall;
    private final JsonFields.Field toolCallField = this::toolCallField;
    private final JsonFields.Field functionField = this::functionField;

    /**
     * A piece of one tool call: the first names it, later ones add argument text.
     *
     * @param index which of the stream's calls it belongs to
     */
    record ToolDelta(int index, String id, String name, String arguments) {
    }

    ChunkReader(JsonMapper json) {
        this.json = json;
    }

    /** Parses one chunk; malformed JSON throws as reading it into a tree would. */
    void read(String data) {
        contents.clear();
        finishReasons.clear();
        toolDeltas.clear();
        hasError = false;
        errorCode = errorType = errorMessage = null;
        hasUsage = false;
        promptTokens = completionTokens = 0;
        try (JsonParser p = JsonFields.parser(json, data)) {
            parser = p;
            fields(p, p.nextToken(), chunkField);
        } finally {
            parser = null;
        }
    }

    int choices() {
        return contents.size();
    }

    /** The text a choice adds, or null when it adds none. */
    String content(int choice) {
        return contents.get(choice);
    }

    String finishReason(int choice) {
        return finishReasons.get(choice);
    }

    /** The tool call pieces of the chunk, of every choice (the bot asks for one). */
    List<ToolDelta> toolDeltas() {
        return toolDeltas;
    }

    boolean hasError() {
        return hasError;
    }

    /** The error's code, else its type, else empty: providers fill one or the other. */
    String errorCode() {
        return errorCode != null ? errorCode : errorType != null ? errorType : "";
    }

    String errorMessage() {
        return errorMessage != null ? errorMessage : "error";
    }

    boolean hasUsage() {
        return hasUsage;
    }

    int promptTokens() {
        return promptTokens;
    }

    int completionTokens() {
        return completionTokens;
    }

    private void chunkField(String name, JsonToken v) {
        switch (name) {
            case "choices" -> elements(parser, v, choice);
            case "usage" -> hasUsage |= fields(parser, v, usageField);
            case "error" -> {
                hasError = v != JsonToken.VALUE_NULL;
                fields(parser, v, errorField);
            }
            default -> parser.skipChildren();
        }
    }

    private void choice(JsonToken v) {
        content = finish = null;
        fields(parser, v, choiceField);
        contents.add(content);
        finishReasons.add(finish);
    }

    private void choiceField(String name, JsonToken v) {
        switch (name) {
            case "delta" -> fields(parser, v, deltaField);
            case "finish_reason" -> finish = scalar(parser, v);
            default -> parser.skipChildren();
        }
    }

    private void deltaField(String name, JsonToken v) {
        switch (name) {
            case "content" -> content = scalar(parser, v);
            case "tool_calls" -> elements(parser, v, toolCall);
            default -> parser.skipChildren();
        }
    }

    private void toolCall(JsonToken v) {
        toolIndex = toolDeltas.size();
        toolId = toolName = toolArguments = null;
        fields(parser, v, toolCallField);
        toolDeltas.add(new ToolDelta(toolIndex, toolId, toolName, toolArguments));
    }

    private void toolCallField(String name, JsonToken v) {
        switch (name) {
            case "index" -> toolIndex = integer(parser, v, toolIndex);
            case "id" -> toolId = scalar(parser, v);
            case "function" -> fields(parser, v, functionField);
            default -> parser.skipChildren();
        }
    }

    private void functionField(String name, JsonToken v) {
        switch (name) {
            case "name" -> toolName = scalar(parser, v);
            // Ollama sends the arguments whole, as an object
            case "arguments" -> toolArguments = v == JsonToken.START_OBJECT ? JsonFields.objectText(json, parser) : scalar(parser, v);
            default -> parser.skipChildren();
        }
    }

    private void usageField(String name, JsonToken v) {
        switch (name) {
            case "prompt_tokens" -> promptTokens = integer(parser, v, 0);
            case "completion_tokens" -> completionTokens = integer(parser, v, 0);
            default -> parser.skipChildren();
        }
    }

    private void errorField(String name, JsonToken v) {
        switch (name) {
            case "code" -> errorCode = scalar(parser, v);
            case "type" -> errorType = scalar(parser, v);
            case "message" -> errorMessage = scalar(parser, v);
            default -> parser.skipChildren();
        }
    }
}
