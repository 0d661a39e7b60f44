package dev.chatbot.core.llm.gemini;

import dev.chatbot.core.llm.PhotoPrompt;
import dev.chatbot.core.history.ChatMessage;
import dev.chatbot.core.llm.Completion;
import dev.chatbot.core.llm.LlmException;
import dev.chatbot.core.llm.LlmRequest;
import dev.chatbot.core.llm.Recorder;
import dev.chatbot.core.llm.Usage;
import dev.chatbot.testsupport.FakeGeminiServer;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.ReceivedRequest;
import dev.chatbot.testsupport.Replay;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class GeminiProviderTests {

    final FakeGeminiServer server = new FakeGeminiServer();
    final GeminiProvider provider = new GeminiProvider(GeminiConfig.of("gemini", server.baseUrl(), "AIza-test-key"),
            JsonMapper.builder().build());
    final LlmRequest request = new LlmRequest("gemini-2.5-flash",
            List.of(ChatMessage.system("be brief"), ChatMessage.user("hi")), 0);

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void a_recorded_stream_with_crlf_line_ends_gives_its_text_and_the_last_usage() throws Exception {
        server.enqueue(Replay.recorded("gemini/firebase_googleai_streaming-success-basic-reply-short.txt"));
        Recorder r = new Recorder();
        provider.stream(request, r);

        Completion c = r.completion();
        assertThat(r.partials).containsExactly("The", " capital of Wyoming", " is **Cheyenne**.\n");
        assertThat(c.usage()).isEqualTo(new Usage(7, 10, false));
        assertThat(c.finishReason()).isEqualTo("stop");
    }

    @Test
    void the_request_uses_gemini_roles_system_instruction_the_model_path_and_the_key_header() throws Exception {
        Recorder r = new Recorder();
        provider.stream(new LlmRequest("gemini-2.5-pro", List.of(
                ChatMessage.system("You are a pirate."),
                ChatMessage.user("hello"),
                ChatMessage.assistant("Ahoy!"),
                ChatMessage.user("where is the treasure?")), 1000), r);

        r.completion();
        assertThat(r.text()).isEqualTo("You said: where is the treasure?");
        ReceivedRequest sent = server.requests().getFirst();
        assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse");
        assertThat(sent.header("x-goog-api-key")).isEqualTo("AIza-test-key");
        assertThat(sent.body().path("contents").get(1).path("role").asString()).isEqualTo("model");
        assertThat(sent.body().path("generationConfig").path("maxOutputTokens").asInt()).isEqualTo(1000);
        assertThat(sent.messages()).containsExactly("system: You are a pirate.", "user: hello", "assistant: Ahoy!",
                "user: where is the treasure?");
    }

    @Test
    void generated_streams_report_the_last_usage_metadata() throws Exception {
        server.enqueue(Script.tokens(Duration.ZERO, "Cheyenne", "!").withUsage(12, 3));
        Recorder r = new Recorder();
        provider.stream(request, r);
        assertThat(r.completion().usage()).isEqualTo(new Usage(12, 3, false));
    }

    @Test
    void the_old_model_recording_with_stop_on_every_chunk_is_read_whole() throws Exception {
        server.enqueue(Replay.recorded("gemini/cookbook_Streaming_REST_output.txt"));
        Recorder r = new Recorder();
        provider.stream(request, r);
        Completion c = r.completion();
        assertThat(r.text()).startsWith("In the quaint, sunlit cottage").contains("\"冒险伙伴\"");
        assertThat(c.usage()).as("gemini-pro sent no usageMetadata: the engine estimates").isNull();
    }

    @Test
    void thought_summaries_are_not_shown() throws Exception {
        server.enqueue(Replay.recorded("gemini/firebase_googleai_streaming-success-thinking-function-call-thought-summary-signature.txt"));
        Recorder r = new Recorder();
        provider.stream(request, r);
        r.completion();
        assertThat(r.text()).doesNotContain("**Calculating the Days**");
    }

    @Test
    void a_bare_json_error_after_some_text_is_an_interruption() throws Exception {
        server.enqueue(Replay.recorded("gemini/firebase_vertexai_streaming-failure-error-mid-stream.txt"));
        Recorder r = new Recorder();
        provider.stream(request, r);
        assertThat(r.error()).isInstanceOf(LlmException.Interrupted.class).hasMessageContaining("The operation was cancelled.");
        assertThat(r.partials).containsExactly("First ", "Second ");
    }

    @Test
    void a_blocked_prompt_is_rejected() throws Exception {
        server.enqueue(Replay.recorded("gemini/firebase_googleai_streaming-failure-prompt-blocked-safety.txt"));
        Recorder r = new Recorder();
        provider.stream(request, r);
        assertThat(r.error()).isInstanceOf(LlmException.Rejected.class).hasMessageContaining("SAFETY");
    }

    @Test
    void googles_error_bodies_become_typed_errors() throws Exception {
        server.enqueue(Replay.error(400, Replay.resource("gemini/firebase_googleai_unary-failure-api-key.json"), Map.of()));
        server.enqueue(Replay.error(429, """
                {
                  "error": {
                    "code": 429,
                    "message": "You exceeded your current quota, please check your plan and billing details.",
                    "status": "RESOURCE_EXHAUSTED",
                    "details": [
                      {
                        "@type": "type.googleapis.com/google.rpc.RetryInfo",
                        "retryDelay": "26s"
                      }
                    ]
                  }
                }
                """, Map.of()));
        server.enqueue(Replay.error(429, Replay.resource("gemini/firebase_vertexai_unary-failure-quota-exceeded.json"), Map.of()));

        Recorder key = new Recorder();
        provider.stream(request, key);
        assertThat(key.error()).isInstanceOf(LlmException.AuthFailed.class);
        Recorder quota = new Recorder();
        provider.stream(request, quota);
        assertThat(quota.error()).isInstanceOfSatisfying(LlmException.RateLimited.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(26)));
        Recorder perMinute = new Recorder();
        provider.stream(request, perMinute);
        assertThat(perMinute.error()).isInstanceOfSatisfying(LlmException.RateLimited.class,
                e -> assertThat(e.retryAfter()).isNull());
    }

    @Test
    void a_stream_that_stops_before_finish_reason_is_interrupted() throws Exception {
        server.enqueue(Script.tokens(Duration.ZERO, "one", " two", " three").cutAfter(2));
        Recorder r = new Recorder();
        provider.stream(request, r);
        assertThat(r.error()).isInstanceOf(LlmException.Interrupted.class);
        assertThat(r.partials).containsExactly("one", " two");
    }

    @Test
    void a_photo_goes_as_inline_data_and_an_unseen_one_as_a_placeholder() throws Exception {
        Recorder r = new Recorder();
        provider.stream(PhotoPrompt.request("gemini-2.5-flash"), r);
        r.completion();

        ReceivedRequest sent = server.requests().getFirst();
        assertThat(sent.messages()).containsExactly("system: be brief", "user: an old photo\n\n[image]", "assistant: a cat",
                "user: what plant is this?");
        assertThat(sent.images()).singleElement().satisfies(image -> {
            assertThat(image.message()).isEqualTo(3);
            assertThat(image.mediaType()).isEqualTo("image/jpeg");
            assertThat(image.bytes()).isEqualTo(PhotoPrompt.JPEG);
        });
        assertThat(sent.body().path("contents").path(2).path("parts").path(1).has("inline_data")).isTrue();
    }
}
