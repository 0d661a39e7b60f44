package dev.chatbot.core.llm.anthropic;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventReaderTests {

    final EventReader reader = new EventReader(JsonMapper.builder().build());

    @Test
    void fields_are_found_whatever_their_order_and_unknown_ones_are_skipped() {
        reader.read("{\"delta\":{\"extra\":{\"a\":[1,{\"b\":2}]},\"text\":\"Hi\",\"type\":\"text_delta\"},\"index\":0,\"type\":\"content_block_delta\"}");

        assertThat(reader.type()).isEqualTo("content_block_delta");
        assertThat(reader.deltaType()).isEqualTo("text_delta");
        assertThat(reader.deltaText()).isEqualTo("Hi");
        assertThat(reader.usage().present()).isFalse();
    }

    @Test
    void usage_adds_cached_input_and_tells_a_missing_output_apart_from_zero() {
        reader.read("{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"content\":[],\"usage\":{\"input_tokens\":\"5\",\"cache_read_input_tokens\":7,\"cache_creation_input_tokens\":null}}}");
        assertThat(reader.messageUsage().present()).isTrue();
        assertThat(reader.messageUsage().input()).isEqualTo(12);
        assertThat(reader.messageUsage().output()).isEqualTo(-1);

        reader.read("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}");
        assertThat(reader.messageUsage().present()).isFalse();
        assertThat(reader.stopReason()).isEqualTo("end_turn");
        assertThat(reader.usage().output()).isEqualTo(9);
        assertThat(reader.usage().input()).isZero();
    }

    @Test
    void an_error_event_and_malformed_json() {
        reader.read("{\"type\":\"error\",\"error\":{\"message\":\"Overloaded\",\"type\":\"overloaded_error\"}}");
        assertThat(reader.errorType()).isEqualTo("overloaded_error");
        assertThat(reader.errorMessage()).isEqualTo("Overloaded");

        assertThatThrownBy(() -> reader.read("{\"type\":")).isInstanceOf(JacksonException.class);
    }
}
