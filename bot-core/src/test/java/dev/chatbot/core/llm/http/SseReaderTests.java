package dev.chatbot.core.llm.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SseReaderTests {

    List<SseReader.Event> read(String wire) throws IOException {
        List<SseReader.Event> events = new ArrayList<>();
        SseReader.read(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)), e -> events.add(e));
        return events;
    }

    @Test
    void reads_named_events_with_crlf_comments_and_multi_line_data() throws IOException {
        String wire = ": OPENROUTER PROCESSING\r\n\r\n"
                + "event: message_start\r\ndata: {\"a\":1}\r\n\r\n"
                + "data: line one\ndata: line two\n\n"
                + ": keep-alive\n\n"
                + "data: {\"last\":true}";
        assertThat(read(wire)).containsExactly(
                new SseReader.Event("message_start", "{\"a\":1}"),
                new SseReader.Event(null, "line one\nline two"),
                new SseReader.Event(null, "{\"last\":true}"));
    }

    @Test
    void the_handler_can_stop_reading() throws IOException {
        List<String> seen = new ArrayList<>();
        boolean stopped = SseReader.read(new ByteArrayInputStream("data: 1\n\ndata: [DONE]\n\ndata: 3\n\n".getBytes()),
                e -> {
                    seen.add(e.data());
                    return !e.data().equals("[DONE]");
                });
        assertThat(stopped).isTrue();
        assertThat(seen).containsExactly("1", "[DONE]");
    }

    @Test
    void lines_that_are_no_sse_field_go_to_the_stray_line_handler() throws IOException {
        List<SseReader.Event> events = new ArrayList<>();
        List<String> stray = new ArrayList<>();
        String wire = "data: {\"a\":1}\n\nid: 7\nretry: 100\n{\n  \"error\": {\n    \"code\": 499\n  }\n}\n";
        SseReader.read(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)), events::add, stray::add);
        assertThat(events).containsExactly(new SseReader.Event(null, "{\"a\":1}"));
        assertThat(stray).containsExactly("{", "  \"error\": {", "    \"code\": 499", "  }", "}");
    }

    @Test
    void a_field_is_named_exactly_and_its_value_loses_one_leading_space_at_most() throws IOException {
        List<SseReader.Event> events = new ArrayList<>();
        List<String> stray = new ArrayList<>();
        String wire = "data:x\ndata:  two spaces\ndata\ndatum: no\nevents: no\n\n";
        SseReader.read(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)), events::add, stray::add);
        assertThat(events).containsExactly(new SseReader.Event(null, "x\n two spaces\n"));
        assertThat(stray).containsExactly("datum: no", "events: no");
    }
}
