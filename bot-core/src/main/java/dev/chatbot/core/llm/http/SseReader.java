package dev.chatbot.core.llm.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads Server-Sent Events as the spec says: "data:" lines joined, comment lines (": keep-alive")
 * skipped, LF or CRLF line ends, an event dispatched at a blank line or at the end of the stream.
 * Lines that are no SSE field at all can be passed on: Gemini appends a bare, pretty-printed JSON
 * error to a stream that fails midway.
 */
public final class SseReader {

    /** One event; {@code event} is null when the server named none. */
    public record Event(String event, String data) {
    }

    @FunctionalInterface
    public interface EventHandler {
        /** @return false to stop reading */
        boolean onEvent(Event event);
    }

    private SseReader() {
    }

    /** @return true when the handler asked to stop, false when the stream ended */
    public static boolean read(InputStream in, EventHandler handler) throws IOException {
        return read(in, handler, line -> {
        });
    }

    /**
     * @param strayLines receives each line whose field is none of data, event, id or retry
     * @return true when the handler asked to stop, false when the stream ended
     */
    public static boolean read(InputStream in, EventHandler handler, Consumer<String> strayLines) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String eventName = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null && !handler.onEvent(new Event(eventName, data.toString()))) {
                    return true;
                }
                eventName = null;
                data = null;
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("data")) {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            } else if (field.equals("event")) {
                eventName = value;
            } else if (!field.equals("id") && !field.equals("retry")) {
                strayLines.accept(line);
            }
        }
        if (data != null) {
            return !handler.onEvent(new Event(eventName, data.toString()));
        }
        return false;
    }
}
