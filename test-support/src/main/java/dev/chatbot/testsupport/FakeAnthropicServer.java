package dev.chatbot.testsupport;

import com.sun.net.httpserver.HttpExchange;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * Anthropic's Messages API on loopback: POST /v1/messages with x-api-key and anthropic-version,
 * streaming named events as the API does (message_start with the input usage, a text block with
 * a ping inside, message_delta with the output usage, message_stop; no [DONE]). Requests the real
 * API refuses (no max_tokens, a system role among the messages, empty text) get its 400.
 */
public final class FakeAnthropicServer extends FakeLlmServer {

    private final AtomicInteger ids = new AtomicInteger();

    /** Base URL without /v1, as Anthropic's SDKs and ANTHROPIC_BASE_URL take it. */
    public String baseUrl() {
        return root();
    }

    @Override
    protected Replay reject(HttpExchange exchange, JsonNode body) {
        String path = exchange.getRequestURI().getPath();
        if (!exchange.getRequestMethod().equals("POST") || !path.equals("/v1/messages")) {
            return error(404, "not_found_error", "Not Found");
        }
        String key = exchange.getRequestHeaders().getFirst("x-api-key");
        if (key == null || key.isBlank()) {
            return error(401, "authentication_error", "x-api-key header is required");
        }
        if (exchange.getRequestHeaders().getFirst("anthropic-version") == null) {
            return error(400, "invalid_request_error", "anthropic-version: header is required");
        }
        if (!body.path("max_tokens").isInt()) {
            return error(400, "invalid_request_error", "max_tokens: Field required");
        }
        if (!body.path("stream").asBoolean(false)) {
            return error(400, "invalid_request_error", "fake: only streaming requests are served");
        }
        java.util.Set<String> openCalls = new java.util.HashSet<>();
        for (JsonNode m : body.path("messages")) {
            String role = m.path("role").asString();
            if (!role.equals("user") && !role.equals("assistant")) {
                return error(400, "invalid_request_error", "messages: Unexpected role \"" + role
                        + "\". The Messages API accepts a top-level `system` parameter, not \"system\" as an input message role.");
            }
            if (m.path("content").isString() && m.path("content").asString().isEmpty()) {
                return error(400, "invalid_request_error", "messages: text content blocks must be non-empty");
            }
            int b = 0;
            for (JsonNode block : m.path("content")) {
                String at = "messages." + index(body, m) + ".content." + b++;
                switch (block.path("type").asString("")) {
                    case "text" -> {
                        if (block.path("text").asString("").isEmpty()) {
                            return error(400, "invalid_request_error", "messages: text content blocks must be non-empty");
                        }
                    }
                    case "image" -> {
                        JsonNode source = block.path("source");
                        if (!source.path("type").asString("").equals("base64")) {
                            return error(400, "invalid_request_error", at + ".image.source: Input tag '"
                                    + source.path("type").asString("") + "' found using 'type' does not match any of the expected tags: 'base64', 'url', 'file'");
                        }
                        if (!MEDIA_TYPES.contains(source.path("media_type").asString(""))) {
                            return error(400, "invalid_request_error", at + ".image.source.base64.media_type: Input should be "
                                    + "'image/jpeg', 'image/png', 'image/gif' or 'image/webp'");
                        }
                        if (decode(source.path("data").asString("")) == null) {
                            return error(400, "invalid_request_error", at + ".image.source.base64: invalid base64 data");
                        }
                    }
                    case "tool_use" -> {
                        if (!m.path("role").asString().equals("assistant") || !block.path("input").isObject()) {
                            return error(400, "invalid_request_error", at + ".tool_use: only assistant turns call tools, with an object input");
                        }
                        openCalls.add(block.path("id").asString(""));
                    }
                    case "tool_result" -> {
                        if (!openCalls.remove(block.path("tool_use_id").asString(""))) {
                            return error(400, "invalid_request_error", "messages." + index(body, m) + ".content." + (b - 1)
                                    + ": unexpected `tool_use_id` found in `tool_result` blocks: " + block.path("tool_use_id").asString("")
                                    + ". Each `tool_result` block must have a corresponding `tool_use` block in the previous message.");
                        }
                    }
                    default -> {
                        return error(400, "invalid_request_error", at + ": Input tag '" + block.path("type").asString("")
                                + "' found using 'type' does not match any of the expected tags");
                    }
                }
            }
        }
        if (body.path("messages").isEmpty()) {
            return error(400, "invalid_request_error", "messages: at least one message is required");
        }
        return null;
    }

    private static final List<String> MEDIA_TYPES = List.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private static int index(JsonNode body, JsonNode message) {
        int i = 0;
        for (JsonNode m : body.path("messages")) {
            if (m == message) {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static byte[] decode(String base64) {
        try {
            return base64.isEmpty() ? null : java.util.Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Replay error(int status, String type, String message) {
        return Replay.error(status, "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":"
                + quote(message) + "},\"request_id\":\"req_fake" + ids.incrementAndGet() + "\"}", Map.of());
    }

    @Override
    protected ReceivedRequest received(HttpExchange exchange, JsonNode body) {
        List<String> messages = new ArrayList<>();
        if (body.has("system")) {
            messages.add("system: " + body.path("system").asString());
        }
        List<ReceivedRequest.Image> images = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            JsonNode content = m.path("content");
            if (!content.isArray()) {
                messages.add(m.path("role").asString() + ": " + content.asString());
                continue;
            }
            List<String> texts = new ArrayList<>();
            for (JsonNode block : content) {
                if (block.path("type").asString("").equals("image")) {
                    JsonNode source = block.path("source");
                    images.add(new ReceivedRequest.Image(messages.size(), source.path("media_type").asString(),
                            decode(source.path("data").asString(""))));
                } else {
                    texts.add(block.path("text").asString(""));
                }
            }
            messages.add(m.path("role").asString() + ": " + String.join("\n\n", texts));
        }
        return new ReceivedRequest(exchange.getRequestURI().toString(), Map.copyOf(exchange.getRequestHeaders()), body,
                body.path("model").asString(), List.copyOf(messages), images);
    }

    @Override
    protected void stream(OutputStream out, ReceivedRequest request, Script script) throws IOException {
        String id = "msg_fake" + ids.incrementAndGet();
        event(out, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"" + id
                + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":" + quote(request.model())
                + ",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":"
                + script.promptTokens() + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
                + "\"output_tokens\":1,\"service_tier\":\"standard\"}}}");
        event(out, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        event(out, "ping", "{\"type\": \"ping\"}");
        int sent = 0;
        for (String token : script.tokens()) {
            if (script.cutAfter() >= 0 && sent >= script.cutAfter()) {
                return;
            }
            sleep(script.tokenDelay());
            event(out, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
                    + quote(token) + "}}");
            sent++;
        }
        if (script.cutAfter() >= 0) {
            return;
        }
        event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        event(out, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":" + script.completionTokens() + "}}");
        event(out, "message_stop", "{\"type\":\"message_stop\"}");
    }

    private static void event(OutputStream out, String name, String data) throws IOException {
        write(out, "event: " + name + "\ndata: " + data + "\n\n");
    }

    /**
     * A stream in which the model says {@code text} and then calls tools, as Anthropic sends it (see the
     * recorded llm-streams/anthropic/anthropic_fixture_tool_use_response.txt): a tool_use block per call
     * whose input arrives as input_json_delta pieces, stop_reason "tool_use".
     */
    public Replay toolUse(int inputTokens, int outputTokens, String text, FakeOpenAiServer.ToolCallScript... calls) {
        StringBuilder wire = new StringBuilder();
        wire.append(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_fake\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,"
                + "\"usage\":{\"input_tokens\":" + inputTokens + ",\"output_tokens\":1}}}"));
        int index = 0;
        if (!text.isEmpty()) {
            wire.append(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
            wire.append(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
                    + quote(text) + "}}"));
            wire.append(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
            index++;
        }
        for (FakeOpenAiServer.ToolCallScript c : calls) {
            wire.append(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
                    + ",\"content_block\":{\"type\":\"tool_use\",\"id\":" + quote(c.id()) + ",\"name\":" + quote(c.name())
                    + ",\"input\":{}}}"));
            for (int at = 0; at < c.arguments().length(); at += 5) {
                String piece = c.arguments().substring(at, Math.min(c.arguments().length(), at + 5));
                wire.append(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
                        + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":" + quote(piece) + "}}"));
            }
            wire.append(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}"));
            index++;
        }
        wire.append(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":" + outputTokens + "}}"));
        wire.append(event("message_stop", "{\"type\":\"message_stop\"}"));
        return Replay.stream(wire.toString());
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    @Override
    public String toString() {
        return "FakeAnthropicServer[" + baseUrl() + "]";
    }
}
