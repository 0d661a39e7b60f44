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
        // an event's data: most events have one data line, kept as it is; more are joined in the builder
        String data = null;
        StringBuilder lines = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null && !handler.onEvent(new Event(eventName, lines == null ? data : lines.toString()))) {
                    return true;
                }
                eventName = null;
                data = null;
                lines = null;
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            int fieldEnd = colon < 0 ? line.length() : colon;
            if (isField(line, fieldEnd, "data")) {
                String value = value(line, colon);
                if (data == null) {
                    data = value;
                } else {
                    if (lines == null) {
                        lines = new StringBuilder(data);
                    }
                    lines.append('\n').append(value);
                }
            } else if (isField(line, fieldEnd, "event")) {
                eventName = value(line, colon);
            } else if (!isField(line, fieldEnd, "id") && !isField(line, fieldEnd, "retry")) {
                strayLines.accept(line);
            }
        }
        if (data != null) {
            return !handler.onEvent(new Event(eventName, lines == null ? data : lines.toString()));
        }
        return false;
    }

    /** Whether the line's field (its first {@code fieldEnd} characters) is {@code name}, without cutting it out. */
    private static boolean isField(String line, int fieldEnd, String name) {
        return fieldEnd == name.length() && line.startsWith(name);
    }

    /** The value after the colon, less one leading space; empty when the line has no colon. */
    private static String value(String line, int colon) {
        if (colon < 0) {
            return "";
        }
        int start = colon + 1 < line.length() && line.charAt(colon + 1) == ' ' ? colon + 2 : colon + 1;
        return line.substring(start);
    }
}
