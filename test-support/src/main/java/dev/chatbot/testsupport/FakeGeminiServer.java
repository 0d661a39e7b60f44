package dev.chatbot.testsupport;

import com.sun.net.httpserver.HttpExchange;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Gemini's POST /v1beta/models/{model}:streamGenerateContent?alt=sse on loopback, with the key in
 * x-goog-api-key (or ?key=). Streams as Google does: "data:" lines with CRLF line ends, each a
 * whole GenerateContentResponse with running usageMetadata, finishReason STOP on the last, no
 * [DONE]. A missing key gets Google's recorded 400 API_KEY_INVALID; roles other than user and
 * model get the real 400.
 */
public final class FakeGeminiServer extends FakeLlmServer {

    private static final Pattern PATH = Pattern.compile("/(v1|v1beta|v1alpha)/models/([^/:]+):streamGenerateContent");

    /** Base URL without the version, as Google's SDK and GEMINI_BASE_URL take it. */
    public String baseUrl() {
        return root();
    }

    @Override
    protected Replay reject(HttpExchange exchange, JsonNode body) {
        Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
        if (!exchange.getRequestMethod().equals("POST") || !m.matches()) {
            return error(404, "NOT_FOUND", "The requested URL was not found on this server.");
        }
        String query = exchange.getRequestURI().getQuery() == null ? "" : exchange.getRequestURI().getQuery();
        String key = exchange.getRequestHeaders().getFirst("x-goog-api-key");
        if ((key == null || key.isBlank()) && !query.contains("key=")) {
            return Replay.error(400, Replay.resource("gemini/firebase_googleai_unary-failure-api-key.json"), Map.of());
        }
        if (!query.contains("alt=sse")) {
            return error(400, "INVALID_ARGUMENT", "fake: only ?alt=sse streams are served");
        }
        if (body.path("contents").isEmpty()) {
            return error(400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified");
        }
        for (JsonNode c : body.path("contents")) {
            String role = c.path("role").asString("user");
            if (!role.equals("user") && !role.equals("model")) {
                return error(400, "INVALID_ARGUMENT", "Please use a valid role: user, model.");
            }
            for (JsonNode part : c.path("parts")) {
                if (part.has("functionCall") && !role.equals("model") || part.has("functionResponse") && !role.equals("user")) {
                    return error(400, "INVALID_ARGUMENT", "Please ensure that function call turn comes immediately after a user turn "
                            + "or after a function response turn.");
                }
                JsonNode inline = inline(part);
                if (inline.isMissingNode()) {
                    continue;
                }
                String mime = inline.has("mime_type") ? inline.path("mime_type").asString("") : inline.path("mimeType").asString("");
                if (!mime.startsWith("image/") || decode(inline.path("data").asString("")) == null) {
                    return error(400, "INVALID_ARGUMENT", "Unable to process input image. Please retry or report in "
                            + "https://developers.generativeai.google/guide/troubleshooting");
                }
            }
        }
        return null;
    }

    /** The inline data of a part; the REST API takes both the proto's snake_case and JSON's camelCase. */
    private static JsonNode inline(JsonNode part) {
        return part.has("inline_data") ? part.path("inline_data") : part.path("inlineData");
    }

    private static byte[] decode(String base64) {
        try {
            return base64.isEmpty() ? null : java.util.Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Replay error(int code, String status, String message) {
        return Replay.error(code, "{\n  \"error\": {\n    \"code\": " + code + ",\n    \"message\": " + quote(message)
                + ",\n    \"status\": \"" + status + "\"\n  }\n}\n", Map.of());
    }

    @Override
    protected ReceivedRequest received(HttpExchange exchange, JsonNode body) {
        Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
        String model = m.matches() ? m.group(2) : null;
        List<String> messages = new ArrayList<>();
        JsonNode system = body.path("systemInstruction");
        if (system.isObject()) {
            messages.add("system: " + text(system));
        }
        List<ReceivedRequest.Image> images = new ArrayList<>();
        for (JsonNode c : body.path("contents")) {
            String role = c.path("role").asString("user").equals("model") ? "assistant" : "user";
            for (JsonNode part : c.path("parts")) {
                JsonNode inline = inline(part);
                if (!inline.isMissingNode()) {
                    images.add(new ReceivedRequest.Image(messages.size(), inline.has("mime_type")
                            ? inline.path("mime_type").asString() : inline.path("mimeType").asString(),
                            decode(inline.path("data").asString(""))));
                }
            }
            messages.add(role + ": " + text(c));
        }
        return new ReceivedRequest(exchange.getRequestURI().toString(), Map.copyOf(exchange.getRequestHeaders()), body,
                model, List.copyOf(messages), images);
    }

    private static String text(JsonNode content) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode p : content.path("parts")) {
            sb.append(p.path("text").asString(""));
        }
        return sb.toString();
    }

    @Override
    protected void stream(OutputStream out, ReceivedRequest request, Script script) throws IOException {
        List<String> tokens = script.tokens();
        int prompt = script.promptTokens();
        for (int i = 0; i < tokens.size(); i++) {
            if (script.cutAfter() >= 0 && i >= script.cutAfter()) {
                return;
            }
            sleep(script.tokenDelay());
            boolean last = i == tokens.size() - 1 && script.cutAfter() < 0;
            // running totals: the candidates' count appears with the last chunk, as recorded
            String usage = last
                    ? "{\"promptTokenCount\": " + prompt + ",\"candidatesTokenCount\": " + script.completionTokens()
                    + ",\"totalTokenCount\": " + (prompt + script.completionTokens()) + "}"
                    : "{\"promptTokenCount\": " + prompt + ",\"totalTokenCount\": " + prompt + "}";
            write(out, "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": " + quote(tokens.get(i))
                    + "}],\"role\": \"model\"}" + (last ? ",\"finishReason\": \"STOP\"" : "") + "}],\"usageMetadata\": "
                    + usage + ",\"modelVersion\": " + quote(request.model()) + "}\r\n\r\n");
        }
    }

    /**
     * A stream in which the model calls functions, as Gemini sends it (see the recorded
     * llm-streams/gemini/..._function-call-thought-summary-signature.txt): each call whole in one
     * functionCall part with a thoughtSignature, finishReason STOP, usage totals.
     */
    public Replay functionCalls(int promptTokens, int candidatesTokens, FakeOpenAiServer.ToolCallScript... calls) {
        StringBuilder parts = new StringBuilder();
        for (FakeOpenAiServer.ToolCallScript c : calls) {
            parts.append(parts.isEmpty() ? "" : ",").append("{\"functionCall\": {\"name\": ").append(quote(c.name()))
                    .append(",\"args\": ").append(c.arguments()).append("},\"thoughtSignature\": ").append(quote("sig-" + c.id()))
                    .append("}");
        }
        return Replay.stream("data: {\"candidates\": [{\"content\": {\"parts\": [" + parts + "],\"role\": \"model\"},"
                + "\"finishReason\": \"STOP\",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": " + promptTokens
                + ",\"candidatesTokenCount\": " + candidatesTokens + ",\"totalTokenCount\": " + (promptTokens + candidatesTokens)
                + "},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"fake\"}\r\n\r\n");
    }

    @Override
    public String toString() {
        return "FakeGeminiServer[" + baseUrl() + "]";
    }
}
