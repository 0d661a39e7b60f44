package dev.chatbot.core.llm.openai;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one chat-completion chunk with a streaming parser, keeping only the fields an answer needs:
 * each choice's {@code delta.content} and {@code finish_reason}, {@code usage} and {@code error}.
 * A chunk arrives for every token, so building a tree of it (and of the role, logprobs, filter
 * annotations and ids beside the text) was a good part of the stream thread's work. Everything
 * else is skipped unread. One reader serves one stream and is reused for each of its chunks.
 */
final class ChunkReader {

    private final JsonMapper json;

    // what the last chunk held; reset by read()
    private final List<String> contents = new ArrayList<>(1);
    private final List<String> finishReasons = new ArrayList<>(1);
    private boolean hasError;
    private String errorCode;
    private String errorType;
    private String errorMessage;
    private boolean hasUsage;
    private int promptTokens;
    private int completionTokens;

    ChunkReader(JsonMapper json) {
        this.json = json;
    }

    /** Parses one chunk; malformed JSON throws as reading it into a tree would. */
    void read(String data) {
        contents.clear();
        finishReasons.clear();
        hasError = false;
        errorCode = errorType = errorMessage = null;
        hasUsage = false;
        promptTokens = completionTokens = 0;
        try (JsonParser p = json.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                p.skipChildren();
                return;
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "choices" -> readChoices(p, value);
                    case "usage" -> readUsage(p, value);
                    case "error" -> readError(p, value);
                    default -> p.skipChildren();
                }
            }
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

    private void readChoices(JsonParser p, JsonToken value) {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            String content = null;
            String finish = null;
            if (t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if (name.equals("delta") && v == JsonToken.START_OBJECT) {
                        content = readDeltaContent(p);
                    } else if (name.equals("finish_reason")) {
                        finish = scalar(p, v);
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
            contents.add(content);
            finishReasons.add(finish);
        }
    }

    private static String readDeltaContent(JsonParser p) {
        String content = null;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("content")) {
                content = scalar(p, v);
            } else {
                p.skipChildren();
            }
        }
        return content;
    }

    private void readUsage(JsonParser p, JsonToken value) {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        hasUsage = true;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "prompt_tokens" -> promptTokens = integer(p, v);
                case "completion_tokens" -> completionTokens = integer(p, v);
                default -> p.skipChildren();
            }
        }
    }

    private void readError(JsonParser p, JsonToken value) {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        hasError = true;
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "code" -> errorCode = scalar(p, v);
                case "type" -> errorType = scalar(p, v);
                case "message" -> errorMessage = scalar(p, v);
                default -> p.skipChildren();
            }
        }
    }

    /** A string, number or boolean as text; null for JSON null, objects and arrays. */
    private static String scalar(JsonParser p, JsonToken v) {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v.isStructStart()) {
            p.skipChildren();
            return null;
        }
        return p.getString();
    }

    /** A count as a number or a numeric string; 0 when it is neither. */
    private static int integer(JsonParser p, JsonToken v) {
        return switch (v) {
            case VALUE_NUMBER_INT -> p.getIntValue();
            case VALUE_NUMBER_FLOAT -> (int) p.getDoubleValue();
            case VALUE_STRING -> {
                try {
                    yield Integer.parseInt(p.getString().strip());
                } catch (NumberFormatException e) {
                    yield 0;
                }
            }
            default -> {
                p.skipChildren();
                yield 0;
            }
        };
    }
}
