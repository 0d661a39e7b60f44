package dev.chatbot.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.TelegramUrl;

class LeanCallsTests {

    final LeanCalls calls = new LeanCalls(new OkHttpClient(), "1:t",
            TelegramUrl.builder().schema("http").host("127.0.0.1").port(9).testServer(false).build());

    LeanCalls.Answer read(String body) throws IOException {
        return calls.read(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_sent_message_gives_its_id_and_the_rest_of_it_is_skipped() throws IOException {
        assertThat(read("{\"ok\":true,\"result\":{\"chat\":{\"id\":5,\"type\":\"private\"},\"entities\":[{\"type\":\"bold\",\"offset\":0}],"
                + "\"message_id\":77,\"text\":\"hi\"}}"))
                .isEqualTo(new LeanCalls.Answer(true, null, null, null, 77));
        assertThat(read("{\"result\":true,\"ok\":true}")).isEqualTo(new LeanCalls.Answer(true, null, null, null, null));
    }

    @Test
    void an_error_gives_its_code_description_and_retry_after() throws IOException {
        assertThat(read("{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 7\",\"parameters\":{\"retry_after\":7}}"))
                .isEqualTo(new LeanCalls.Answer(false, 429, "Too Many Requests: retry after 7", 7, null));
    }

    @Test
    void a_body_that_is_no_json_object_is_refused() {
        assertThatThrownBy(() -> read("<html>Bad Gateway</html>")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("[1]")).isInstanceOf(IOException.class);
    }
}
