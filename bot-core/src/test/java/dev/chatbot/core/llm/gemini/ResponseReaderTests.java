package dev.chatbot.core.llm.gemini;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseReaderTests {

    final ResponseReader reader = new ResponseReader(JsonMapper.builder().build());

    @Test
    void the_first_candidates_text_parts_without_thoughts_in_order() {
        reader.read("{\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":4,\"thoughtsTokenCount\":\"2\"},"
                + "\"candidates\":[{\"finishReason\":\"STOP\",\"content\":{\"role\":\"model\",\"parts\":["
                + "{\"thought\":true,\"text\":\"thinking\"},{\"text\":\"a\"},{\"functionCall\":{\"name\":\"f\",\"args\":{\"x\":[1]}}},{\"text\":\"b\",\"thought\":false}]}},"
                + "{\"content\":{\"parts\":[{\"text\":\"second candidate\"}]}}]}");

        assertThat(reader.texts()).containsExactly("a", "b");
        assertThat(reader.candidates()).isEqualTo(2);
        assertThat(reader.finishReason()).isEqualTo("STOP");
        assertThat(reader.hasUsage()).isTrue();
        assertThat(reader.promptTokens()).isEqualTo(3);
        assertThat(reader.outputTokens()).isEqualTo(6);
        assertThat(reader.hasError()).isFalse();
    }

    @Test
    void a_blocked_prompt_and_an_error_with_a_numeric_code() {
        reader.read("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}");
        assertThat(reader.blockReason()).isEqualTo("SAFETY");
        assertThat(reader.candidates()).isZero();
        assertThat(reader.texts()).isEmpty();

        reader.read("{\"error\":{\"code\":429,\"message\":\"Resource exhausted\",\"status\":\"RESOURCE_EXHAUSTED\"}}");
        assertThat(reader.blockReason()).isNull();
        assertThat(reader.hasError()).isTrue();
        assertThat(reader.errorCode()).isEqualTo("RESOURCE_EXHAUSTED 429");
        assertThat(reader.errorMessage()).isEqualTo("Resource exhausted");
    }
}
