package dev.chatbot.core.llm.resilience;

import dev.chatbot.core.history.ChatMessage;
import dev.chatbot.core.llm.LlmException;
import dev.chatbot.core.llm.LlmRequest;
import dev.chatbot.core.llm.Recorder;
import dev.chatbot.core.llm.StreamHandle;
import dev.chatbot.core.llm.openai.OpenAiCompatibleConfig;
import dev.chatbot.core.llm.openai.OpenAiCompatibleProvider;
import dev.chatbot.testsupport.Eventually;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.FakeOpenAiServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ResilientProviderTests {

    static final String SERVER_ERROR = "{\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\"}}";

    final FakeOpenAiServer server = new FakeOpenAiServer();
    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    final LlmRequest request = new LlmRequest("gpt-4o-mini", List.of(ChatMessage.user("hi")), 0);

    ResilientProvider provider(ResilienceSettings settings) {
        return new ResilientProvider(new OpenAiCompatibleProvider(
                OpenAiCompatibleConfig.of("openai", server.baseUrl(), "sk-test"), JsonMapper.builder().build()),
                settings, timers);
    }

    static ResilienceSettings fast() {
        return new ResilienceSettings(3, Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(5), 50, 4, Duration.ofSeconds(30));
    }

    @AfterEach
    void close() {
        server.close();
        timers.shutdownNow();
    }

    @Test
    void a_server_error_then_success_answers_once_with_no_duplicated_text() throws Exception {
        server.enqueue(Script.error(500, SERVER_ERROR, Map.of()));
        server.enqueue(Script.tokens(Duration.ofMillis(1), "All", " good", "."));
        Recorder r = new Recorder();
        provider(fast()).stream(request, r);

        assertThat(r.completion().finishReason()).isEqualTo("stop");
        assertThat(r.partials).containsExactly("All", " good", ".");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void a_429_with_retry_after_is_waited_out() throws Exception {
        server.enqueue(Script.error(429, "{\"error\":{\"message\":\"Rate limit reached\",\"code\":\"rate_limit_exceeded\"}}",
                Map.of("retry-after", "2")));
        server.enqueue(Script.tokens(Duration.ZERO, "ok"));
        Recorder r = new Recorder();
        long start = System.nanoTime();
        provider(fast()).stream(request, r);

        r.completion();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(r.partials).containsExactly("ok");
    }

    @Test
    void a_retry_after_longer_than_we_wait_is_reported_instead() throws Exception {
        server.enqueue(Script.error(429, "{\"error\":{\"message\":\"Rate limit reached\"}}", Map.of("retry-after", "120")));
        Recorder r = new Recorder();
        provider(fast()).stream(request, r);
        assertThat(r.error()).isInstanceOfSatisfying(LlmException.RateLimited.class,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120)));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void a_stream_cut_after_ten_tokens_is_interrupted_and_not_retried() throws Exception {
        String[] tokens = new String[20];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = "t" + i + " ";
        }
        server.enqueue(Script.tokens(Duration.ZERO, tokens).cutAfter(10));
        Recorder r = new Recorder();
        provider(fast()).stream(request, r);

        // the error reaching the listener is the provider's decision: a retry is scheduled instead of reporting
        assertThat(r.error()).isInstanceOf(LlmException.Interrupted.class);
        assertThat(r.partials).hasSize(10);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void the_first_token_timeout_fires_and_closes_the_connection() throws Exception {
        // several late tokens, not one: the first write after the client hangs up may still land in
        // the socket's buffer, and only a later one meets the reset that the fake counts
        server.enqueue(Script.tokens(Duration.ofMillis(700), "late", " and", " later", " and", " later", " still"));
        ResilienceSettings settings = new ResilienceSettings(1, Duration.ofMillis(50), Duration.ofSeconds(5),
                Duration.ofMillis(300), Duration.ofSeconds(5), 50, 4, Duration.ofSeconds(30));
        Recorder r = new Recorder();
        provider(settings).stream(request, r);

        assertThat(r.error()).isInstanceOf(LlmException.Timeout.class).hasMessageContaining("no answer within");
        Eventually.await("the connection closed", Duration.ofSeconds(10), () -> server.disconnects() > 0);
        assertThat(server.disconnects()).isEqualTo(1);
        assertThat(r.partials).isEmpty();
    }

    @Test
    void an_idle_stream_times_out_keeping_what_arrived() throws Exception {
        server.respondWith(req -> Script.tokens(Duration.ofMillis(800), "first", " second"));
        ResilienceSettings settings = new ResilienceSettings(1, Duration.ofMillis(50), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofMillis(300), 50, 4, Duration.ofSeconds(30));
        Recorder r = new Recorder();
        provider(settings).stream(request, r);
        assertThat(r.error()).isInstanceOf(LlmException.Timeout.class).hasMessageContaining("stalled");
        assertThat(r.partials).containsExactly("first");
    }

    @Test
    void repeated_failures_open_the_circuit_and_then_the_provider_is_skipped() throws Exception {
        server.respondWith(req -> Script.error(503, SERVER_ERROR, Map.of()));
        ResilienceSettings settings = new ResilienceSettings(1, Duration.ofMillis(10), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 50, 4, Duration.ofMinutes(1));
        ResilientProvider provider = provider(settings);
        for (int i = 0; i < 4; i++) {
            Recorder r = new Recorder();
            provider.stream(request, r);
            assertThat(r.error()).isInstanceOf(LlmException.Unavailable.class);
        }
        assertThat(provider.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);

        Recorder skipped = new Recorder();
        provider.stream(request, skipped);
        assertThat(skipped.error()).isInstanceOf(LlmException.Unavailable.class).hasMessageContaining("circuit open");
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void cancel_while_waiting_to_retry_makes_no_further_call() throws Exception {
        server.enqueue(Script.error(500, SERVER_ERROR, Map.of()));
        ResilienceSettings settings = new ResilienceSettings(3, Duration.ofMillis(500), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 50, 4, Duration.ofSeconds(30));
        Recorder r = new Recorder();
        StreamHandle handle = provider(settings).stream(request, r);
        Eventually.await("the first request", Duration.ofSeconds(5), () -> !server.requests().isEmpty());
        handle.cancel();
        // a retry can only start from a task on the timers; once they ran dry, every retry that was due has started
        timers.shutdown();
        assertThat(timers.awaitTermination(10, TimeUnit.SECONDS)).as("the timers ran dry").isTrue();
        assertThat(server.requests()).hasSize(1);
        assertThat(r.result).isNotDone();
    }
}
