package dev.chatbot.core.llm.openai;

import dev.chatbot.core.history.ChatMessage;
import dev.chatbot.core.llm.Completion;
import dev.chatbot.core.llm.LlmException;
import dev.chatbot.core.llm.LlmRequest;
import dev.chatbot.core.llm.Recorder;
import dev.chatbot.core.llm.Usage;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.FakeOpenAiServer;
import dev.chatbot.testsupport.ReceivedRequest;
import dev.chatbot.testsupport.Replay;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** OpenAI's stream and its relatives (Azure, OpenRouter, DeepSeek), replayed from real recordings. */
class OpenAiWireFormatsTests {

    final FakeOpenAiServer server = new FakeOpenAiServer();
    final JsonMapper json = JsonMapper.builder().build();
    final LlmRequest request = new LlmRequest("gpt-4o",
            List.of(ChatMessage.system("be brief"), ChatMessage.user("hi")), 256);

    @AfterEach
    void close() {
        server.close();
    }

    OpenAiCompatibleProvider openAi() {
        return new OpenAiCompatibleProvider(new OpenAiCompatibleConfig("openai", URI.create(server.baseUrl()), "sk-test",
                Map.of(), Map.of(), true, null, false, OpenAiCompatibleConfig.MAX_COMPLETION_TOKENS), json);
    }

    OpenAiCompatibleProvider azure() {
        return new OpenAiCompatibleProvider(OpenAiCompatibleConfig.azure("azure", server.azureEndpoint(), "azure-key-123",
                "2024-10-21", null), json);
    }

    @Test
    void a_recorded_openai_stream_gives_its_text_and_the_usage_of_its_last_chunk() throws Exception {
        server.enqueue(Replay.recorded("openai/e2aad469b71d.sse"));
        Recorder r = new Recorder();
        openAi().stream(request, r);

        Completion c = r.completion();
        assertThat(r.text()).startsWith("I'm unable to provide real-time").endsWith(".");
        assertThat(c.usage()).isEqualTo(new Usage(14, 30, false));
        assertThat(c.finishReason()).isEqualTo("stop");
        // OpenAI's current models refuse max_tokens
        assertThat(server.requests().getFirst().body().path("max_completion_tokens").asInt()).isEqualTo(256);
        assertThat(server.requests().getFirst().body().has("max_tokens")).isFalse();
    }

    @Test
    void azure_gets_the_deployment_in_the_path_the_api_version_and_the_api_key_header() throws Exception {
        server.enqueue(Replay.recorded("azure/quarkus_AzureOpenAiStreamingChatModelTest.sse"));
        Recorder r = new Recorder();
        azure().stream(new LlmRequest("my-gpt4o", request.messages(), 0), r);

        Completion c = r.completion();
        // the first chunk has no choices, only prompt_filter_results; every choice carries content_filter_results
        assertThat(r.partials).containsExactly("Hallo", " Welt", "!");
        assertThat(c.finishReason()).isEqualTo("stop");
        assertThat(c.usage()).as("this recording has no usage: the engine estimates").isNull();

        ReceivedRequest sent = server.requests().getFirst();
        assertThat(sent.path()).isEqualTo("/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21");
        assertThat(sent.header("api-key")).isEqualTo("azure-key-123");
        assertThat(sent.header("Authorization")).isNull();
        assertThat(sent.body().has("model")).as("Azure takes the deployment from the path").isFalse();
    }

    @Test
    void azure_streams_with_filter_annotations_and_usage_when_asked() throws Exception {
        server.azureStyle(true);
        server.enqueue(Script.tokens(Duration.ZERO, "Guten", " Tag").withUsage(21, 2));
        Recorder r = new Recorder();
        azure().stream(new LlmRequest("dep", request.messages(), 0), r);

        assertThat(r.completion().usage()).isEqualTo(new Usage(21, 2, false));
        assertThat(r.text()).isEqualTo("Guten Tag");
    }

    @Test
    void azure_without_its_key_is_an_auth_failure() throws Exception {
        OpenAiCompatibleProvider keyless = new OpenAiCompatibleProvider(new OpenAiCompatibleConfig("azure",
                URI.create(server.azureEndpoint()), null, Map.of(), Map.of("api-version", "2024-10-21"), true, null,
                true, null), json);
        Recorder r = new Recorder();
        keyless.stream(new LlmRequest("dep", request.messages(), 0), r);
        assertThat(r.error()).isInstanceOf(LlmException.AuthFailed.class);
    }

    @Test
    void openrouter_keep_alive_comments_are_skipped() throws Exception {
        server.keepAlive("OPENROUTER PROCESSING");
        server.enqueue(Script.tokens(Duration.ZERO, "still", " here").withUsage(9, 2));
        Recorder r = new Recorder();
        openAi().stream(request, r);

        assertThat(r.completion().usage()).isEqualTo(new Usage(9, 2, false));
        assertThat(r.partials).containsExactly("still", " here");
    }

    @Test
    void openrouter_mid_stream_error_after_text_is_an_interruption() throws Exception {
        server.enqueue(Replay.stream(": OPENROUTER PROCESSING\n\n"
                + "data: {\"id\":\"cmpl-abc123\",\"object\":\"chat.completion.chunk\",\"created\":1234567890,\"model\":\"openai/gpt-4o\",\"provider\":\"openai\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Once upon\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"id\":\"cmpl-abc123\",\"object\":\"chat.completion.chunk\",\"created\":1234567890,\"model\":\"openai/gpt-4o\",\"provider\":\"openai\",\"error\":{\"code\":\"server_error\",\"message\":\"Provider disconnected unexpectedly\"},\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}\n\n"));
        Recorder r = new Recorder();
        openAi().stream(request, r);

        assertThat(r.error()).isInstanceOf(LlmException.Interrupted.class).hasMessageContaining("Provider disconnected");
        assertThat(r.partials).containsExactly("Once upon");
    }

    @Test
    void a_rate_limit_error_chunk_before_any_text_is_rate_limited() throws Exception {
        server.enqueue(Replay.stream("data: {\"error\":{\"message\":\"Rate limit reached for gpt-4o\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}\n\n"));
        Recorder r = new Recorder();
        openAi().stream(request, r);
        assertThat(r.error()).isInstanceOf(LlmException.RateLimited.class);
    }

    @Test
    void deepseek_puts_usage_on_the_finish_chunk() throws Exception {
        server.enqueue(Replay.recorded("deepseek/olinea_aihub_deepseek-chat.sse"));
        Recorder r = new Recorder();
        new OpenAiCompatibleProvider(OpenAiCompatibleConfig.of("deepseek", server.baseUrl(), "k"), json).stream(request, r);

        Completion c = r.completion();
        assertThat(c.usage()).isEqualTo(new Usage(14, 31, false));
        assertThat(r.text()).startsWith("你好").endsWith(" 😊");
        assertThat(server.requests().getFirst().body().path("max_tokens").asInt()).as("relays take max_tokens").isEqualTo(256);
    }
}
