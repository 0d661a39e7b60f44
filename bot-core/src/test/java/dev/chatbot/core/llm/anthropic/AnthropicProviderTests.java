package dev.chatbot.core.llm.anthropic;

import dev.chatbot.core.llm.PhotoPrompt;
import dev.chatbot.core.history.ChatMessage;
import dev.chatbot.core.llm.Completion;
import dev.chatbot.core.llm.LlmException;
import dev.chatbot.core.llm.LlmRequest;
import dev.chatbot.core.llm.Recorder;
import dev.chatbot.core.llm.StreamHandle;
import dev.chatbot.core.llm.Usage;
import dev.chatbot.core.llm.resilience.ResilienceSettings;
import dev.chatbot.core.llm.resilience.ResilientProvider;
import dev.chatbot.testsupport.Eventually;
import dev.chatbot.testsupport.FakeAnthropicServer;
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

class AnthropicProviderTests {

    final FakeAnthropicServer server = new FakeAnthropicServer();
    final AnthropicProvider provider = new AnthropicProvider(
            AnthropicConfig.of("anthropic", server.baseUrl(), "sk-ant-test"), JsonMapper.builder().build());
    final LlmRequest request = new LlmRequest("claude-sonnet-4-5",
            List.of(ChatMessage.system("be brief"), ChatMessage.user("hi")), 0);

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void a_recorded_stream_gives_its_text_skips_the_ping_and_adds_up_usage() throws Exception {
        server.enqueue(Replay.recorded("anthropic/anthropic_fixture_basic_response.txt"));
        Recorder r = new Recorder();
        provider.stream(request, r);

        Completion c = r.completion();
        assertThat(r.partials).containsExactly("Hello", " there", "!");
        // input from message_start, output from the last message_delta
        assertThat(c.usage()).isEqualTo(new Usage(11, 6, false));
        assertThat(c.finishReason()).isEqualTo("stop");
    }

    @Test
    void the_system_prompt_goes_top_level_same_role_turns_are_merged_and_max_tokens_is_always_sent() throws Exception {
        Recorder r = new Recorder();
        provider.stream(new LlmRequest("claude-haiku-4-5", List.of(
                ChatMessage.system("You are a pirate."),
                ChatMessage.assistant("an answer whose question was trimmed away"),
                ChatMessage.user("[Alice] hello"),
                ChatMessage.user("[Bob] hi too"),
                ChatMessage.assistant("Ahoy!"),
                ChatMessage.user("[Alice] where is the treasure?")), 0), r);

        assertThat(r.completion().usage()).isNotNull();
        ReceivedRequest sent = server.requests().getFirst();
        assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-test");
        assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.header("Authorization")).isNull();
        assertThat(sent.model()).isEqualTo("claude-haiku-4-5");
        assertThat(sent.body().path("max_tokens").asInt()).isEqualTo(4096);
        assertThat(sent.messages()).containsExactly(
                "system: You are a pirate.",
                "user: [Alice] hello\n\n[Bob] hi too",
                "assistant: Ahoy!",
                "user: [Alice] where is the treasure?");
        assertThat(r.text()).isEqualTo("You said: [Alice] where is the treasure?");
    }

    @Test
    void the_models_output_cap_is_sent_as_max_tokens() throws Exception {
        Recorder r = new Recorder();
        provider.stream(new LlmRequest("claude-haiku-4-5", request.messages(), 8192), r);
        r.completion();
        assertThat(server.requests().getFirst().body().path("max_tokens").asInt()).isEqualTo(8192);
    }

    @Test
    void generated_streams_report_usage_from_message_start_and_message_delta() throws Exception {
        server.enqueue(Script.tokens(Duration.ZERO, "Ahoy", " matey").withUsage(42, 7));
        Recorder r = new Recorder();
        provider.stream(request, r);
        assertThat(r.completion().usage()).isEqualTo(new Usage(42, 7, false));
        assertThat(r.text()).isEqualTo("Ahoy matey");
    }

    @Test
    void the_tool_use_recording_gives_its_text_and_the_call_apart() throws Exception {
        server.enqueue(Replay.recorded("anthropic/anthropic_fixture_tool_use_response.txt"));
        Recorder r = new Recorder();
        provider.stream(request, r);
        Completion c = r.completion();
        assertThat(r.text()).isNotBlank().doesNotContain("\"type\"");
        // a stop for tools reads as in the other formats (ToolCallWireFormatsTests checks the call itself)
        assertThat(c.finishReason()).isEqualTo("tool_calls");
        assertThat(c.toolCalls()).hasSize(1);
        assertThat(c.usage().inputTokens()).isEqualTo(377);
    }

    @Test
    void an_overloaded_error_event_before_any_text_means_unavailable() throws Exception {
        server.enqueue(Replay.stream("event: message_start\n"
                + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n"
                + "event: error\n"
                + "data: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n"));
        Recorder r = new Recorder();
        provider.stream(request, r);
        assertThat(r.error()).isInstanceOf(LlmException.Unavailable.class).hasMessageContaining("overloaded_error");
    }

    @Test
    void an_error_event_after_text_means_interrupted() throws Exception {
        server.enqueue(Replay.stream("event: message_start\n"
                + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n"
                + "event: content_block_delta\n"
                + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Once upon\"}}\n\n"
                + "event: error\n"
                + "data: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n"));
        Recorder r = new Recorder();
        provider.stream(request, r);
        assertThat(r.error()).isInstanceOf(LlmException.Interrupted.class);
        assertThat(r.partials).containsExactly("Once upon");
    }

    @Test
    void http_errors_in_anthropics_shape_become_typed_errors() throws Exception {
        server.enqueue(Script.error(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
                Map.of("x-should-retry", "true")));
        server.enqueue(Script.error(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Rate limited\"},\"request_id\":\"req_011CcRAg8tTKR3QtEPLyERT8\"}",
                Map.of("retry-after", "17")));
        server.enqueue(Script.error(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}", Map.of()));
        server.enqueue(Script.error(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 208310 tokens > 200000 maximum\"}}", Map.of()));
        server.enqueue(Script.error(404, "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: claude-nope\"}}", Map.of()));

        List<Class<?>> expected = List.of(LlmException.Unavailable.class, LlmException.RateLimited.class,
                LlmException.AuthFailed.class, LlmException.ContextTooLong.class, LlmException.ModelNotFound.class);
        for (Class<?> type : expected) {
            Recorder r = new Recorder();
            provider.stream(request, r);
            LlmException e = r.error();
            assertThat(e).isInstanceOf(type).hasMessageNotContaining("sk-ant-test");
            if (e instanceof LlmException.RateLimited limited) {
                assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(17));
            }
        }
    }

    @Test
    void a_stream_that_ends_without_message_stop_is_interrupted() throws Exception {
        server.enqueue(Script.tokens(Duration.ZERO, "one", " two", " three").cutAfter(2));
        Recorder r = new Recorder();
        provider.stream(request, r);
        assertThat(r.error()).isInstanceOf(LlmException.Interrupted.class);
        assertThat(r.partials).containsExactly("one", " two");
    }

    @Test
    void cancel_closes_the_connection() throws Exception {
        server.enqueue(Script.tokens(Duration.ofMillis(100), "a ".repeat(100).split(" ")));
        Recorder r = new Recorder();
        StreamHandle handle = provider.stream(request, r);
        r.awaitPartials(2, Duration.ofSeconds(5));
        handle.cancel();
        Eventually.await("the connection closed", Duration.ofSeconds(5), () -> server.disconnects() > 0);
        assertThat(server.disconnects()).isEqualTo(1);
        assertThat(r.result).isNotDone();
    }

    static final String MESSAGE_START = "event: message_start\n"
            + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n";
    static final String OVERLOADED = "event: error\n"
            + "data: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n";

    ResilientProvider resilient(java.util.concurrent.ScheduledExecutorService timers) {
        return new ResilientProvider(provider, new ResilienceSettings(3, Duration.ofMillis(20),
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), 50, 10,
                Duration.ofSeconds(30)), timers);
    }

    @Test
    void with_resilience_an_overloaded_event_before_text_is_retried_and_the_answer_shown_once() throws Exception {
        var timers = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            server.enqueue(Replay.stream(MESSAGE_START + OVERLOADED));
            server.enqueue(Replay.recorded("anthropic/anthropic_fixture_basic_response.txt"));
            Recorder r = new Recorder();
            resilient(timers).stream(request, r);
            r.completion();
            assertThat(r.partials).containsExactly("Hello", " there", "!");
            assertThat(server.requests()).hasSize(2);
        } finally {
            timers.shutdownNow();
        }
    }

    @Test
    void with_resilience_an_overloaded_event_after_text_keeps_the_text_and_is_not_retried() throws Exception {
        var timers = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            server.enqueue(Replay.stream(MESSAGE_START + "event: content_block_delta\n"
                    + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Once upon\"}}\n\n"
                    + OVERLOADED));
            Recorder r = new Recorder();
            resilient(timers).stream(request, r);
            // the error reaching the listener is the provider's decision: a retry is scheduled instead of reporting
            assertThat(r.error()).isInstanceOf(LlmException.Interrupted.class);
            assertThat(r.partials).containsExactly("Once upon");
            assertThat(server.requests()).hasSize(1);
        } finally {
            timers.shutdownNow();
        }
    }

    @Test
    void a_photo_goes_as_an_image_block_with_a_base64_source_and_an_unseen_one_as_a_placeholder() throws Exception {
        Recorder r = new Recorder();
        provider.stream(PhotoPrompt.request("claude-sonnet-4-5"), r);
        r.completion();

        ReceivedRequest sent = server.requests().getFirst();
        assertThat(sent.messages()).containsExactly("system: be brief", "user: an old photo\n\n[image]", "assistant: a cat",
                "user: what plant is this?");
        assertThat(sent.images()).singleElement().satisfies(image -> {
            assertThat(image.message()).isEqualTo(3);
            assertThat(image.mediaType()).isEqualTo("image/jpeg");
            assertThat(image.bytes()).isEqualTo(PhotoPrompt.JPEG);
        });
        assertThat(sent.body().path("messages").path(2).path("content").path(1).path("type").asString()).isEqualTo("image");
    }
}
