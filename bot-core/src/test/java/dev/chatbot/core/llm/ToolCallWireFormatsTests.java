package dev.chatbot.core.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.history.ChatMessage;
import dev.chatbot.core.llm.anthropic.AnthropicConfig;
import dev.chatbot.core.llm.anthropic.AnthropicProvider;
import dev.chatbot.core.llm.gemini.GeminiConfig;
import dev.chatbot.core.llm.gemini.GeminiProvider;
import dev.chatbot.core.llm.openai.OpenAiCompatibleConfig;
import dev.chatbot.core.llm.openai.OpenAiCompatibleProvider;
import dev.chatbot.testsupport.FakeAnthropicServer;
import dev.chatbot.testsupport.FakeGeminiServer;
import dev.chatbot.testsupport.FakeOpenAiServer;
import dev.chatbot.testsupport.Replay;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tool calls in the four wire formats: the recorded streams decode to whole calls (arguments put
 * together from their pieces, parallel calls apart), and a turn's steps go back in each format's
 * own shape, which the fakes check as the real APIs do.
 */
class ToolCallWireFormatsTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<ToolSpec> TOOLS = List.of(new ToolSpec("get_weather", "The weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}"));

    /** A turn in flight: the question, the model's words and call, and the call's result. */
    static List<ChatMessage> steps() {
        return List.of(ChatMessage.system("be brief"), ChatMessage.user("Weather in Paris?"),
                new ChatMessage(ChatMessage.Role.ASSISTANT, List.of(new ChatMessage.Text("Let me check."),
                        new ChatMessage.ToolUse("call_1", "get_weather", "{\"city\":\"Paris\"}", "sig-1"),
                        new ChatMessage.ToolResult("call_1", "get_weather", "18 C and sunny", false))));
    }

    @Test
    void openai_parallel_calls_recorded_from_the_api_decode_whole_and_steps_go_back_as_tool_messages() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            OpenAiCompatibleProvider provider = new OpenAiCompatibleProvider(
                    OpenAiCompatibleConfig.of("openai", server.baseUrl(), "sk-test"), JSON);
            server.enqueue(Replay.recorded("openai/f82268f2fefd.sse"));
            Recorder r = new Recorder();
            provider.stream(new LlmRequest("gpt-4o", List.of(ChatMessage.user("weather and stock")), 0, TOOLS), r);
            Completion c = r.completion();
            assertThat(c.finishReason()).isEqualTo("tool_calls");
            assertThat(c.toolCalls()).containsExactly(
                    new ToolCall("call_JMW1whyEaYG438VE1OIflxA2", "GetWeatherArgs",
                            "{\"city\": \"Edinburgh\", \"country\": \"GB\", \"units\": \"c\"}"),
                    new ToolCall("call_DNYTawLBoN8fj3KN6qU9N1Ou", "get_stock_price", "{\"ticker\": \"AAPL\", \"exchange\": \"NASDAQ\"}"));
            assertThat(c.usage()).isEqualTo(new Usage(149, 60, false));
            assertThat(server.requests().getFirst().body().path("tools").get(0).path("function").path("name").asString())
                    .isEqualTo("get_weather");

            Recorder again = new Recorder();
            provider.stream(new LlmRequest("gpt-4o", steps(), 0, TOOLS), again);
            again.completion(); // the fake refuses tool messages that answer no call
            JsonNode messages = server.requests().get(1).body().path("messages");
            assertThat(messages.get(2).path("content").asString()).isEqualTo("Let me check.");
            assertThat(messages.get(2).path("tool_calls").get(0).path("function").path("arguments").asString())
                    .isEqualTo("{\"city\":\"Paris\"}");
            assertThat(messages.get(3).path("role").asString()).isEqualTo("tool");
            assertThat(messages.get(3).path("tool_call_id").asString()).isEqualTo("call_1");
            assertThat(messages.get(3).path("content").asString()).isEqualTo("18 C and sunny");
        }
    }

    @Test
    void anthropic_tool_use_with_input_json_deltas_decodes_and_results_go_back_as_tool_result_blocks() throws Exception {
        try (FakeAnthropicServer server = new FakeAnthropicServer()) {
            AnthropicProvider provider = new AnthropicProvider(AnthropicConfig.of("anthropic", server.baseUrl(), "sk-ant"), JSON);
            server.enqueue(Replay.recorded("anthropic/anthropic_fixture_tool_use_response.txt"));
            Recorder r = new Recorder();
            provider.stream(new LlmRequest("claude-sonnet-4-5", List.of(ChatMessage.user("weather?")), 0, TOOLS), r);
            Completion c = r.completion();
            assertThat(r.text()).isEqualTo("I'll check the current weather in Paris for you.");
            assertThat(c.finishReason()).isEqualTo("tool_calls");
            assertThat(c.toolCalls()).containsExactly(
                    new ToolCall("toolu_01NRLabsLyVHZPKxbKvkfSMn", "get_weather", "{\"location\": \"Paris\"}"));
            assertThat(server.requests().getFirst().body().path("tools").get(0).path("input_schema").path("type").asString())
                    .isEqualTo("object");

            Recorder again = new Recorder();
            provider.stream(new LlmRequest("claude-sonnet-4-5", steps(), 0, TOOLS), again);
            again.completion();
            JsonNode messages = server.requests().get(1).body().path("messages");
            JsonNode call = messages.get(1).path("content").get(1);
            assertThat(call.path("type").asString()).isEqualTo("tool_use");
            assertThat(call.path("input").path("city").asString()).isEqualTo("Paris");
            JsonNode result = messages.get(2).path("content").get(0);
            assertThat(messages.get(2).path("role").asString()).isEqualTo("user");
            assertThat(result.path("type").asString()).isEqualTo("tool_result");
            assertThat(result.path("tool_use_id").asString()).isEqualTo("call_1");
            assertThat(result.path("content").asString()).isEqualTo("18 C and sunny");
        }
    }

    @Test
    void gemini_function_calls_keep_their_thought_signature_and_results_go_back_as_function_responses() throws Exception {
        try (FakeGeminiServer server = new FakeGeminiServer()) {
            GeminiProvider provider = new GeminiProvider(GeminiConfig.of("gemini", server.baseUrl(), "AIza-test"), JSON);
            server.enqueue(Replay.recorded(
                    "gemini/firebase_googleai_streaming-success-thinking-function-call-thought-summary-signature.txt"));
            Recorder r = new Recorder();
            provider.stream(new LlmRequest("gemini-2.5-flash", List.of(ChatMessage.user("days to new year?")), 0, TOOLS), r);
            Completion c = r.completion();
            assertThat(r.text()).isEmpty(); // thoughts are not shown
            assertThat(c.finishReason()).isEqualTo("tool_calls");
            assertThat(c.toolCalls()).hasSize(1);
            ToolCall call = c.toolCalls().getFirst();
            assertThat(call.name()).isEqualTo("now");
            assertThat(call.arguments()).isEqualTo("{}");
            assertThat(call.signature()).startsWith("CiIBVKhc7vB+vaaq6rA");
            assertThat(server.requests().getFirst().body().path("tools").get(0).path("functionDeclarations").get(0)
                    .path("name").asString()).isEqualTo("get_weather");

            Recorder again = new Recorder();
            provider.stream(new LlmRequest("gemini-2.5-flash", steps(), 0, TOOLS), again);
            again.completion();
            JsonNode contents = server.requests().get(1).body().path("contents");
            JsonNode model = contents.get(1);
            assertThat(model.path("role").asString()).isEqualTo("model");
            assertThat(model.path("parts").get(1).path("functionCall").path("args").path("city").asString()).isEqualTo("Paris");
            assertThat(model.path("parts").get(1).path("thoughtSignature").asString()).isEqualTo("sig-1");
            JsonNode response = contents.get(2).path("parts").get(0).path("functionResponse");
            assertThat(response.path("name").asString()).isEqualTo("get_weather");
            assertThat(response.path("response").path("result").asString()).isEqualTo("18 C and sunny");
        }
    }
}
