package dev.chatbot.core.llm.http;

import dev.chatbot.core.history.ChatMessage;
import dev.chatbot.core.llm.LlmException;
import dev.chatbot.core.llm.LlmRequest;
import dev.chatbot.core.llm.Recorder;
import dev.chatbot.core.llm.openai.OpenAiCompatibleConfig;
import dev.chatbot.core.llm.openai.OpenAiCompatibleProvider;
import dev.chatbot.testsupport.FakeOpenAiServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 404 for the URL itself (a base URL without its /v1, say) is a misconfigured provider, not a
 * model the provider does not know: the user hears that the admin must fix the provider, and the
 * log names the URL that does not exist.
 */
class MissingEndpointTests {

    final FakeOpenAiServer server = new FakeOpenAiServer();
    final LlmRequest request = new LlmRequest("gpt-4o-mini", List.of(ChatMessage.user("hi")), 0);

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void a_base_url_without_v1_is_a_misconfigured_provider_and_the_error_names_the_missing_url() throws Exception {
        String withoutV1 = server.azureEndpoint(); // scheme, host and port: OPENAI_BASE_URL without /v1
        OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider(
                OpenAiCompatibleConfig.of("openai", withoutV1, "sk-test"), JsonMapper.builder().build());
        Recorder r = new Recorder();

        provider.stream(request, r);

        assertThat(r.error()).isInstanceOf(LlmException.Misconfigured.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("Invalid URL (POST /chat/completions)")
                .hasMessageContaining("POST " + withoutV1 + "/chat/completions does not exist: check the provider's base URL");
        assertThat(server.requests()).as("nothing reached the chat endpoint").isEmpty();
    }

    @Test
    void not_found_pages_of_servers_and_frameworks_are_missing_endpoints() {
        for (String body : List.of(
                "{\"error\":{\"message\":\"Invalid URL (POST /v1/v1/chat/completions)\",\"type\":\"invalid_request_error\"}}",
                "404 page not found",                                    // Ollama and other Go servers
                "{\"detail\":\"Not Found\"}",                             // vLLM and other FastAPI servers
                "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"Not Found\"}}", // Anthropic
                "{\"error\":{\"code\":\"404\",\"message\": \"Resource not found\"}}", // Azure, wrong path
                "<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center></body></html>",
                "<!DOCTYPE html><p>The requested URL <code>/v1beta/models/gemini-2.5-flash:streamGenerateContent</code> was not found on this server.</p>",
                "Cannot POST /chat/completions",
                "")) {
            assertThat(HttpErrorMapper.map("p", 404, ResponseHeaders.none(), body)).as(body).isInstanceOf(LlmException.Misconfigured.class);
        }
    }

    @Test
    void a_404_that_names_the_model_is_still_an_unknown_model() {
        for (String body : List.of(
                "{\"error\":{\"message\":\"The model `gpt-9` does not exist or you do not have access to it.\",\"code\":\"model_not_found\"}}",
                "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: claude-nope\"}}",
                "{\"error\":{\"code\":404,\"message\":\"models/gemini-9 is not found for API version v1beta\",\"status\":\"NOT_FOUND\"}}",
                "{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API deployment for this resource does not exist.\"}}",
                "{\"error\":{\"message\":\"model \\\"llama9\\\" not found, try pulling it first\",\"type\":\"api_error\"}}")) {
            assertThat(HttpErrorMapper.map("p", 404, ResponseHeaders.none(), body)).as(body).isInstanceOf(LlmException.ModelNotFound.class);
        }
    }
}
