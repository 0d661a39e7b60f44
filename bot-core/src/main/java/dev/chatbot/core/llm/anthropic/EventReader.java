package dev.chatbot.core.llm.anthropic;

import static dev.chatbot.core.llm.http.JsonFields.fields;
import static dev.chatbot.core.llm.http.JsonFields.integer;
import static dev.chatbot.core.llm.http.JsonFields.scalar;

import dev.chatbot.core.llm.http.JsonFields;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one Messages API stream event with a streaming parser, keeping only what an answer needs:
 * the event's {@code type}, its {@code delta} (type, text, stop reason), the usage counts (inside
 * {@code message} for message_start, beside the delta for message_delta) and {@code error}. One
 * event arrives per token, so a tree per event was most of the decoding's work. Each object's
 * fields are dispatched by name in one method ({@code eventField}, {@code deltaField}...); a field
 * not named there is skipped unread. One reader serves one stream and is reused for each event.
 */
final class EventReader {

    /** Token counts of one {@code usage} object; input is the sum of its cached and uncached parts. */
    static final class Counts {
        private boolean present;
        private int input;
        private int output;

        boolean present() {
            return present;
        }

        int input() {
            return input;
        }

        /** The output count, or -1 when the object had none. */
        int output() {
            return output;
        }

        private void clear() {
            present = false;
            input = 0;
            output = -1;
        }
    }

    private final JsonMapper json;

    // what the last event held; reset by read()
    private String type;
    private String deltaType;
    private String deltaText;
    private String stopReason;
    private String partialJson;
    private int index;
    private String blockType;
    private String blockId;
    private String blockName;
    private final Counts messageUsage = new Counts();
    private final Counts usage = new Counts();
    private String errorType;
    private String errorMessage;

    // the parser of the event being read, the usage object being read, and the readers of its objects
    private JsonParser parser;
    private Counts counts;
    private final JsonFields.Field eventField = this::eventField;
    private final JsonFields.Field deltaField = this::deltaField;
    private final JsonFields.Field messageField = this::messageField;
    private final JsonFields.Field usageField = this::usageField;
    private final JsonFields.Field errorField = this::errorField;
    private final JsonFields.Field blockField = this::blockField;

    EventReader(JsonMapper json) {
        this.json = json;
    }

    /** Parses one event's data; malformed JSON throws as reading it into a tree would. */
    void read(String data) {
        type = deltaType = deltaText = stopReason = errorType = errorMessage = null;
        partialJson = blockType = blockId = blockName = null;
        index = 0;
        messageUsage.clear();
        usage.clear();
        try (JsonParser p = JsonFields.parser(json, data)) {
            parser = p;
            fields(p, p.nextToken(), eventField);
        } finally {
            parser = null;
        }
    }

    /** The data's own type, or null when it names none. */
    String type() {
        return type;
    }

    String deltaType() {
        return deltaType;
    }

    String deltaText() {
        return deltaText;
    }

    String stopReason() {
        return stopReason;
    }

    /** An input_json_delta's piece of a tool call's arguments. */
    String partialJson() {
        return partialJson;
    }

    /** The content block an event is about. */
    int index() {
        return index;
    }

    /** content_block_start's block: its type ("text", "tool_use"...), and a tool_use's id and name. */
    String blockType() {
        return blockType;
    }

    String blockId() {
        return blockId;
    }

    String blockName() {
        return blockName;
    }

    /** message_start's {@code message.usage}. */
    Counts messageUsage() {
        return messageUsage;
    }

    /** message_delta's top-level {@code usage}. */
    Counts usage() {
        return usage;
    }

    String errorType() {
        return errorType;
    }

    String errorMessage() {
        return errorMessage;
    }

    private void eventField(String name, JsonToken v) {
        switch (name) {
            case "type" -> type = scalar(parser, v);
            case "delta" -> fields(parser, v, deltaField);
            case "message" -> fields(parser, v, messageField);
            case "usage" -> readCounts(v, usage);
            case "error" -> fields(parser, v, errorField);
            case "index" -> index = integer(parser, v, 0);
            case "content_block" -> fields(parser, v, blockField);
            default -> parser.skipChildren();
        }
    }

    private void blockField(String name, JsonToken v) {
        switch (name) {
            case "type" -> blockType = scalar(parser, v);
            case "id" -> blockId = scalar(parser, v);
            case "name" -> blockName = scalar(parser, v);
            default -> parser.skipChildren();
        }
    }

    private void deltaField(String name, JsonToken v) {
        switch (name) {
            case "type" -> deltaType = scalar(parser, v);
            case "text" -> deltaText = scalar(parser, v);
            case "stop_reason" -> stopReason = scalar(parser, v);
            case "partial_json" -> partialJson = scalar(parser, v);
            default -> parser.skipChildren();
        }
    }

    private void messageField(String name, JsonToken v) {
        if (name.equals("usage")) {
            readCounts(v, messageUsage);
        } else {
            parser.skipChildren();
        }
    }

    private void readCounts(JsonToken v, Counts into) {
        counts = into;
        into.present |= fields(parser, v, usageField);
    }

    private void usageField(String name, JsonToken v) {
        switch (name) {
            // cached prompt tokens are reported apart from the others; all of them were read
            case "input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens" -> counts.input += integer(parser, v, 0);
            case "output_tokens" -> counts.output = integer(parser, v, -1);
            default -> parser.skipChildren();
        }
    }

    private void errorField(String name, JsonToken v) {
        switch (name) {
            case "type" -> errorType = scalar(parser, v);
            case "message" -> errorMessage = scalar(parser, v);
            default -> parser.skipChildren();
        }
    }
}
