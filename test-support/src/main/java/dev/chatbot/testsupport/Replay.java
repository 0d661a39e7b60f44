package dev.chatbot.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A response body served byte for byte, such as a recorded provider stream from
 * {@code llm-streams/} (see SOURCES.md there). Events go out one at a time, split after each
 * blank line with its own line ends (LF or CRLF), so clients see them arrive as on the wire.
 *
 * @param status      200 for a stream, else an error status with {@code body} as its JSON
 * @param contentType text/event-stream for streams
 */
public record Replay(int status, Map<String, String> headers, String contentType, String body, Duration eventDelay) {

    public Replay {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        eventDelay = eventDelay == null ? Duration.ZERO : eventDelay;
    }

    /** A 200 event stream with exactly these bytes. */
    public static Replay stream(String wire) {
        return new Replay(200, Map.of(), "text/event-stream; charset=utf-8", wire, Duration.ZERO);
    }

    /** A recorded stream from test-support's {@code llm-streams/}, e.g. "anthropic/anthropic_fixture_basic_response.txt". */
    public static Replay recorded(String path) {
        return stream(resource(path));
    }

    /** An error answer with a JSON body. */
    public static Replay error(int status, String json, Map<String, String> headers) {
        return new Replay(status, headers, "application/json; charset=UTF-8", json, Duration.ZERO);
    }

    public Replay withEventDelay(Duration delay) {
        return new Replay(status, headers, contentType, body, delay);
    }

    /** The text of a file under {@code llm-streams/}, line ends untouched. */
    public static String resource(String path) {
        try (InputStream in = Replay.class.getResourceAsStream("/llm-streams/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("No recorded stream llm-streams/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body cut after each blank line, separators kept: concatenated they give the body again. */
    public List<String> events() {
        List<String> events = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < body.length()) {
            int end = blankLineEnd(i);
            if (end > 0) {
                events.add(body.substring(start, end));
                start = end;
                i = end;
            } else {
                i++;
            }
        }
        if (start < body.length()) {
            events.add(body.substring(start));
        }
        return events;
    }

    private int blankLineEnd(int i) {
        if (body.startsWith("\r\n\r\n", i)) {
            return i + 4;
        }
        if (body.startsWith("\n\n", i)) {
            return i + 2;
        }
        return -1;
    }

    /** Writes the response; returns false when the client went away first. */
    boolean writeTo(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", contentType);
        byte[] all = body.getBytes(StandardCharsets.UTF_8);
        if (status != 200) {
            exchange.sendResponseHeaders(status, all.length == 0 ? -1 : all.length);
            if (all.length > 0) {
                exchange.getResponseBody().write(all);
            }
            return true;
        }
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            for (String event : events()) {
                if (!eventDelay.isZero()) {
                    Thread.sleep(eventDelay);
                }
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
