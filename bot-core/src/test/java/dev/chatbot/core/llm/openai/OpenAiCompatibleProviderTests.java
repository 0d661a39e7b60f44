package dev.chatbot.core.llm.openai;

import dev.chatbot.core.llm.PhotoPrompt;
import dev.chatbot.core.history.ChatMessage;
import dev.chatbot.core.llm.Completion;
import dev.chatbot.core.llm.LlmException;
import dev.chatbot.core.llm.LlmRequest;
import dev.chatbot.core.llm.Recorder;
import dev.chatbot.core.llm.StreamHandle;
import dev.chatbot.core.llm.Usage;
import dev.chatbot.testsupport.Eventually;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.FakeOpenAiServer;
import dev.chatbot.testsupport.ReceivedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiCompatibleProviderTests {

    final FakeOpenAiServer server = new FakeOpenAiServer();
    final OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider(
            OpenAiCompatibleConfig.of("openai", server.baseUrl(), "sk-test-secret"), JsonMapper.builder().build());
    final LlmRequest request = new LlmRequest("gpt-4o-mini",
            List.of(ChatMessage.system("be brief"), ChatMessage.user("hi")), 0);

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void streams_partials_and_reports_usage_from_the_stream() throws Exception {
        server.enqueue(Script.tokens(Duration.ofMillis(1), "Hel", "lo", "!").withUsage(17, 3));
        Recorder r = new Recorder();
        provider.stream(request, r);

        Completion c = r.completion();
        assertThat(r.partials).containsExactly("Hel", "lo", "!");
        assertThat(c.usage()).isEqualTo(new Usage(17, 3, false));
        assertThat(c.finishReason()).isEqualTo("stop");

        ReceivedRequest sent = server.requests().getFirst();
        assertThat(sent.header("Authorization")).isEqualTo("Bearer sk-test-secret");
        assertThat(sent.body().path("stream").asBoolean()).isTrue();
        assertThat(sent.body().path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(sent.messages()).containsExactly("system: be brief", "user: hi");
    }

    @Test
    void relays_that_reject_stream_options_are_not_sent_it() throws Exception {
        OpenAiCompatibleProvider relay = new OpenAiCompatibleProvider(new OpenAiCompatibleConfig("relay",
                java.net.URI.create(server.baseUrl()), "k", Map.of("HTTP-Referer", "https://example.org"), Map.of(), false, null),
                JsonMapper.builder().build());
        Recorder r = new Recorder();
        relay.stream(request, r);
        assertThat(r.completion().usage()).isNull();
        assertThat(server.requests().getFirst().body().has("stream_options")).isFalse();
        assertThat(server.requests().getFirst().header("HTTP-Referer")).isEqualTo("https://example.org");
    }

    @Test
    void http_errors_become_typed_errors_with_retry_after() throws Exception {
        server.enqueue(Script.error(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}",
                Map.of("Retry-After", "2")));
        server.enqueue(Script.error(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":\"invalid_api_key\"}}", Map.of()));
        server.enqueue(Script.error(404, "{\"error\":{\"message\":\"The model does not exist\",\"code\":\"model_not_found\"}}", Map.of()));
        server.enqueue(Script.error(400, "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens.\",\"code\":\"context_length_exceeded\"}}", Map.of()));
        server.enqueue(Script.error(503, "{\"error\":{\"message\":\"overloaded\"}}", Map.of()));

        Recorder r1 = new Recorder();
        provider.stream(request, r1);
        assertThat(r1.error()).isInstanceOfSatisfying(LlmException.RateLimited.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2)));
        Recorder r2 = new Recorder();
        provider.stream(request, r2);
        assertThat(r2.error()).isInstanceOf(LlmException.AuthFailed.class).hasMessageNotContaining("sk-test-secret");
        Recorder r3 = new Recorder();
        provider.stream(request, r3);
        assertThat(r3.error()).isInstanceOf(LlmException.ModelNotFound.class);
        Recorder r4 = new Recorder();
        provider.stream(request, r4);
        assertThat(r4.error()).isInstanceOf(LlmException.ContextTooLong.class);
        Recorder r5 = new Recorder();
        provider.stream(request, r5);
        assertThat(r5.error()).isInstanceOf(LlmException.Unavailable.class);
    }

    @Test
    void a_stream_cut_midway_is_reported_as_interrupted_after_what_arrived() throws Exception {
        server.enqueue(Script.tokens(Duration.ZERO, "one", " two", " three", " four").cutAfter(2));
        Recorder r = new Recorder();
        provider.stream(request, r);
        assertThat(r.error()).isInstanceOf(LlmException.Interrupted.class);
        assertThat(r.partials).containsExactly("one", " two");
    }

    @Test
    void an_unreachable_provider_is_unavailable() throws Exception {
        server.close();
        Recorder r = new Recorder();
        provider.stream(request, r);
        assertThat(r.error()).isInstanceOf(LlmException.Unavailable.class);
    }

    @Test
    void cancel_closes_the_upstream_connection_and_ends_callbacks() throws Exception {
        server.enqueue(Script.tokens(Duration.ofMillis(100), "a ".repeat(100).split(" ")));
        Recorder r = new Recorder();
        StreamHandle handle = provider.stream(request, r);
        r.awaitPartials(2, Duration.ofSeconds(5));
        handle.cancel();
        Eventually.await("the connection closed", Duration.ofSeconds(5), () -> server.disconnects() > 0);
        assertThat(server.disconnects()).isEqualTo(1);
        assertThat(r.result).isNotDone();
    }

    @Test
    void a_photo_goes_as_an_image_url_part_with_a_data_url_and_an_unseen_one_as_a_placeholder() throws Exception {
        Recorder r = new Recorder();
        provider.stream(PhotoPrompt.request("gpt-4o"), r);
        r.completion();

        ReceivedRequest sent = server.requests().getFirst();
        assertThat(sent.messages()).containsExactly("system: be brief", "user: an old photo\n\n[image]", "assistant: a cat",
                "user: what plant is this?");
        assertThat(sent.images()).singleElement().satisfies(image -> {
            assertThat(image.message()).isEqualTo(3);
            assertThat(image.mediaType()).isEqualTo("image/jpeg");
            assertThat(image.bytes()).isEqualTo(PhotoPrompt.JPEG);
        });
        assertThat(sent.body().path("messages").path(3).path("content").path(1).path("image_url").path("url").asString())
                .startsWith("data:image/jpeg;base64,/9j/");
    }
}
