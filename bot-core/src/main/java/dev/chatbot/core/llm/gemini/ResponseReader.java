package dev.chatbot.core.llm.gemini;

import static dev.chatbot.core.llm.http.JsonFields.bool;
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
 * Reads one streamed GenerateContentResponse with a streaming parser, keeping only what an answer
 * needs: the first candidate's text parts (thoughts left out) and finish reason, the prompt's block
 * reason, the usage totals and {@code error}. An event arrives for every piece of text, so a tree
 * per event was most of the decoding's work. Each object's fields are dispatched by name in one
 * method ({@code responseField}, {@code partField}...); a field not named there is skipped unread.
 * One reader serves one stream and is reused for each response.
 */
final class ResponseReader {

    private final JsonMapper json;

    // what the last response held; reset by read()
    private final List<String> texts = new ArrayList<>(1);
    private final List<FunctionCall> functionCalls = new ArrayList<>(1);
    private int candidates;
    private String finishReason;
    private String blockReason;
    private boolean hasError;
    private String errorStatus;
    private String errorCode;
    private String errorMessage;
    private boolean hasUsage;
    private int promptTokens;
    private int candidatesTokens;
    private int thoughtsTokens;

    // the part being read
    private String partText;
    private boolean partThought;
    private String callId;
    private String callName;
    private String callArgs;
    private String partSignature;

    /**
     * A functionCall part: Gemini sends each call whole, its arguments as an object.
     *
     * @param id        null unless the API numbered it
     * @param signature the part's thoughtSignature, to be sent back with the call
     */
    record FunctionCall(String id, String name, String arguments, String signature) {
    }

    // the parser of the response being read, and the readers of its objects, made once per stream
    private JsonParser parser;
    private final JsonFields.Field responseField = this::responseField;
    private final JsonFields.Element candidate = this::candidate;
    private final JsonFields.Field candidateField = this::candidateField;
    private final JsonFields.Field contentField = this::contentField;
    private final JsonFields.Element part = this::part;
    private final JsonFields.Field partField = this::partField;
    private final JsonFields.Field functionCallField = this::functionCallField;
    private final JsonFields.Field feedbackField = this::feedbackField;
    private final JsonFields.Field usageField = this::usageField;
    private final JsonFields.Field errorField = this::errorField;

    ResponseReader(JsonMapper json) {
        this.json = json;
    }

    /** Parses one response; malformed JSON throws as reading it into a tree would. */
    void read(String data) {
        texts.clear();
        functionCalls.clear();
        candidates = 0;
        finishReason = blockReason = errorStatus = errorCode = errorMessage = null;
        hasError = hasUsage = false;
        promptTokens = candidatesTokens = thoughtsTokens = 0;
        try (JsonParser p = JsonFields.parser(json, data)) {
            parser = p;
            fields(p, p.nextToken(), responseField);
        } finally {
            parser = null;
        }
    }

    /** The first candidate's text parts that are no thoughts, in order. */
    List<String> texts() {
        return texts;
    }

    /** The first candidate's function calls, in order. */
    List<FunctionCall> functionCalls() {
        return functionCalls;
    }

    int candidates() {
        return candidates;
    }

    String finishReason() {
        return finishReason;
    }

    String blockReason() {
        return blockReason;
    }

    /** Whether the response has an {@code error} field, whatever its value. */
    boolean hasError() {
        return hasError;
    }

    /** The error's status and code, as "STATUS code" or either alone. */
    String errorCode() {
        return ((errorStatus == null ? "" : errorStatus) + " " + (errorCode == null ? "" : errorCode)).strip();
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

    /** Output tokens: thinking is billed as output. */
    int outputTokens() {
        return candidatesTokens + thoughtsTokens;
    }

    private void responseField(String name, JsonToken v) {
        switch (name) {
            case "candidates" -> elements(parser, v, candidate);
            case "promptFeedback" -> fields(parser, v, feedbackField);
            case "usageMetadata" -> hasUsage |= fields(parser, v, usageField);
            case "error" -> {
                hasError = true;
                fields(parser, v, errorField);
            }
            default -> parser.skipChildren();
        }
    }

    private void candidate(JsonToken v) {
        if (candidates++ == 0) {
            fields(parser, v, candidateField);
        } else {
            parser.skipChildren();
        }
    }

    private void candidateField(String name, JsonToken v) {
        switch (name) {
            case "content" -> fields(parser, v, contentField);
            case "finishReason" -> finishReason = scalar(parser, v);
            default -> parser.skipChildren();
        }
    }

    private void contentField(String name, JsonToken v) {
        if (name.equals("parts")) {
            elements(parser, v, part);
        } else {
            parser.skipChildren();
        }
    }

    private void part(JsonToken v) {
        partText = callId = callName = callArgs = partSignature = null;
        partThought = false;
        fields(parser, v, partField);
        if (!partThought && partText != null) {
            texts.add(partText);
        }
        if (callName != null) {
            functionCalls.add(new FunctionCall(callId, callName, callArgs, partSignature));
        }
    }

    private void partField(String name, JsonToken v) {
        switch (name) {
            case "text" -> partText = scalar(parser, v);
            case "thought" -> partThought = bool(parser, v);
            case "functionCall" -> fields(parser, v, functionCallField);
            case "thoughtSignature" -> partSignature = scalar(parser, v);
            default -> parser.skipChildren();
        }
    }

    private void functionCallField(String name, JsonToken v) {
        switch (name) {
            case "id" -> callId = scalar(parser, v);
            case "name" -> callName = scalar(parser, v);
            case "args" -> callArgs = v == JsonToken.START_OBJECT ? JsonFields.objectText(json, parser) : scalar(parser, v);
            default -> parser.skipChildren();
        }
    }

    private void feedbackField(String name, JsonToken v) {
        if (name.equals("blockReason")) {
            blockReason = scalar(parser, v);
        } else {
            parser.skipChildren();
        }
    }

    private void usageField(String name, JsonToken v) {
        switch (name) {
            case "promptTokenCount" -> promptTokens = integer(parser, v, 0);
            case "candidatesTokenCount" -> candidatesTokens = integer(parser, v, 0);
            case "thoughtsTokenCount" -> thoughtsTokens = integer(parser, v, 0);
            default -> parser.skipChildren();
        }
    }

    private void errorField(String name, JsonToken v) {
        switch (name) {
            case "status" -> errorStatus = scalar(parser, v);
            case "code" -> errorCode = scalar(parser, v);
            case "message" -> errorMessage = scalar(parser, v);
            default -> parser.skipChildren();
        }
    }
}
