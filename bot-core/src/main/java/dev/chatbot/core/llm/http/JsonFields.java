package dev.chatbot.core.llm.http;

import java.io.StringWriter;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lenient reads of one value under a streaming parser, as the tree model's {@code asString} and
 * {@code asInt} read it: the stream decoders pick the few fields they need out of every chunk
 * without building a tree, and skip the rest.
 */
public final class JsonFields {

    /** Reads the value of one field; it must consume the value (read it, or skip it with {@code skipChildren}). */
    @FunctionalInterface
    public interface Field {
        void read(String name, JsonToken value);
    }

    /** Reads one element of an array; it must consume the element as {@link Field} does. */
    @FunctionalInterface
    public interface Element {
        void read(JsonToken value);
    }

    private JsonFields() {
    }

    /**
     * A parser of one chunk straight from the mapper's factory: the mapper's own createParser also
     * makes a deserialization context per parser, which a reader that only walks tokens never uses
     * and which was a good part of what every chunk allocated. {@link #objectText} reads the rare
     * nested object that needs the mapper.
     */
    public static JsonParser parser(JsonMapper json, String data) {
        return json.tokenStreamFactory().createParser(ObjectReadContext.empty(), data);
    }

    /** The object the parser is at, as compact JSON text (a tool call's arguments sent as an object). */
    public static String objectText(JsonMapper json, JsonParser p) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = json.createGenerator(text)) {
            g.copyCurrentStructure(p);
        }
        return text.toString();
    }

    /**
     * Hands each field of the object that {@code value} starts to {@code field}, by name: the one
     * place where a reader says which fields it wants. Anything but an object is skipped.
     *
     * @return whether {@code value} was an object
     */
    public static boolean fields(JsonParser p, JsonToken value, Field field) {
        if (value != JsonToken.START_OBJECT) {
            p.skipChildren();
            return false;
        }
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            field.read(name, p.nextToken());
        }
        return true;
    }

    /** Hands each element of the array that {@code value} starts to {@code element}; anything but an array is skipped. */
    public static void elements(JsonParser p, JsonToken value, Element element) {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            element.read(t);
        }
    }

    /** A string, number or boolean as text; null for JSON null, objects and arrays (which are skipped). */
    public static String scalar(JsonParser p, JsonToken v) {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v.isStructStart()) {
            p.skipChildren();
            return null;
        }
        return p.getString();
    }

    /** A count as a number or a numeric string; {@code otherwise} when it is neither. */
    public static int integer(JsonParser p, JsonToken v, int otherwise) {
        return switch (v) {
            case VALUE_NUMBER_INT -> p.getIntValue();
            case VALUE_NUMBER_FLOAT -> (int) p.getDoubleValue();
            case VALUE_STRING -> {
                try {
                    yield Integer.parseInt(p.getString().strip());
                } catch (NumberFormatException e) {
                    yield otherwise;
                }
            }
            default -> {
                p.skipChildren();
                yield otherwise;
            }
        };
    }

    /** true, or a "true" string; false for anything else. */
    public static boolean bool(JsonParser p, JsonToken v) {
        return switch (v) {
            case VALUE_TRUE -> true;
            case VALUE_STRING -> p.getString().strip().equalsIgnoreCase("true");
            default -> {
                p.skipChildren();
                yield false;
            }
        };
    }
}
