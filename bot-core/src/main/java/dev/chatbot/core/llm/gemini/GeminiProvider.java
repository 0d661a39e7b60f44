package dev.chatbot.core.llm.gemini;

import dev.chatbot.core.history.ChatMessage;
import dev.chatbot.core.llm.Completion;
import dev.chatbot.core.llm.LlmException;
import dev.chatbot.core.llm.LlmProvider;
import dev.chatbot.core.llm.LlmRequest;
import dev.chatbot.core.llm.StreamHandle;
import dev.chatbot.core.llm.StreamListener;
import dev.chatbot.core.llm.ToolSpec;
import dev.chatbot.core.llm.http.ToolArguments;
import dev.chatbot.core.llm.http.ToolCallPieces;
import dev.chatbot.core.llm.Usage;
import dev.chatbot.core.llm.http.AlternatingPrompt;
import dev.chatbot.core.llm.http.SseReader;
import dev.chatbot.core.llm.http.StreamDecoder;
import dev.chatbot.core.llm.http.StreamRequest;
import dev.chatbot.core.llm.http.StreamingCall;
import dev.chatbot.core.llm.http.StreamingClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams Gemini's models/{model}:streamGenerateContent?alt=sse through {@link StreamingClient}. Each
 * event is a whole GenerateContentResponse with the next piece of text; the stream just ends,
 * and an error after the start arrives as a bare JSON object without "data:".
 */
public final class GeminiProvider implements LlmProvider {

    private final GeminiConfig config;
    private final StreamingClient http;
    private final JsonMapper json;

    public GeminiProvider(GeminiConfig config, JsonMapper json) {
        this.config = config;
        this.json = json;
        this.http = new StreamingClient(config.connectTimeout());
    }

    @Override
    public String name() {
        return config.name();
    }

    URI endpoint(String model) {
        String base = config.baseUrl().toString();
        String name = model.startsWith("models/") ? model.substring("models/".length()) : model;
        return URI.create((base.endsWith("/") ? base : base + "/") + config.apiVersion() + "/models/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8) + ":streamGenerateContent?alt=sse");
    }

    @Override
    public StreamHandle stream(LlmRequest request, StreamListener listener) {
        StreamRequest post = new StreamRequest(endpoint(request.model()),
                Map.of("x-goog-api-key", config.apiKey() == null ? "" : config.apiKey()), requestBody(request));
        return new StreamingCall(config.name(), http, post, new ResponseDecoder(config.name(), json), listener).start();
    }

    String requestBody(LlmRequest request) {
        AlternatingPrompt prompt = AlternatingPrompt.of(request.messages());
        ObjectNode body = json.createObjectNode();
        if (prompt.system() != null) {
            body.putObject("systemInstruction").putArray("parts").addObject().put("text", prompt.system());
        }
        var contents = body.putArray("contents");
        for (ChatMessage m : prompt.turns()) {
            ObjectNode content = contents.addObject();
            content.put("role", m.role() == ChatMessage.Role.ASSISTANT ? "model" : "user");
            var parts = content.putArray("parts");
            if (!m.hasLoadedImages() && !m.hasToolUse() && m.role() != ChatMessage.Role.TOOL) {
                parts.addObject().put("text", m.text());
                continue;
            }
            for (ChatMessage.Part part : m.parts()) {
                switch (part) {
                    case ChatMessage.Text t -> {
                        if (!t.text().isBlank()) {
                            parts.addObject().put("text", t.text());
                        }
                    }
                    case ChatMessage.Image i when i.isLoaded() -> parts.addObject().putObject("inline_data")
                            .put("mime_type", i.mediaType()).put("data", i.base64());
                    case ChatMessage.Image i -> parts.addObject().put("text", ChatMessage.Image.PLACEHOLDER);
                    case ChatMessage.ToolUse u -> {
                        ObjectNode call = parts.addObject();
                        call.putObject("functionCall").put("name", u.name()).set("args", ToolArguments.object(json, u.arguments()));
                        if (u.signature() != null) {
                            call.put("thoughtSignature", u.signature());
                        }
                    }
                    case ChatMessage.ToolResult r -> parts.addObject().putObject("functionResponse").put("name", r.name())
                            .putObject("response").put(r.error() ? "error" : "result", r.content());
                }
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
            for (ToolSpec t : request.tools()) {
                // parametersJsonSchema takes JSON Schema as MCP servers write it; "parameters" wants an OpenAPI subset
                declarations.addObject().put("name", t.name()).put("description", t.description())
                        .set("parametersJsonSchema", json.readTree(t.inputSchema()));
            }
        }
        if (request.maxOutputTokens() > 0) {
            body.putObject("generationConfig").put("maxOutputTokens", request.maxOutputTokens());
        }
        return json.writeValueAsString(body);
    }

    private static final class ResponseDecoder extends StreamDecoder {
        private final ResponseReader reader;
        private final ToolCallPieces toolCalls = new ToolCallPieces();
        private int calls;
        private final StringBuilder stray = new StringBuilder();
        private int strayBalance;
        private Usage usage;
        private String finishReason;
        private LlmException error;

        ResponseDecoder(String provider, JsonMapper json) {
            super(provider);
            this.reader = new ResponseReader(json);
        }

        @Override
        protected boolean onEvent(SseReader.Event event) {
            String data = event.data().strip();
            if (data.isEmpty()) {
                return true;
            }
            reader.read(data);
            if (reader.hasError()) {
                error = midStream(reader.errorCode(), reader.errorMessage());
                return false;
            }
            if (reader.blockReason() != null && reader.candidates() == 0) {
                error = new LlmException.Rejected(provider, "prompt blocked: " + reader.blockReason());
                return false;
            }
            for (String text : reader.texts()) {
                emit(text);
            }
            for (ResponseReader.FunctionCall call : reader.functionCalls()) {
                toolCalls.add(calls, call.id(), call.name(), call.arguments());
                if (call.signature() != null) {
                    toolCalls.sign(calls, call.signature());
                }
                calls++;
            }
            if (reader.finishReason() != null) {
                finishReason = finishReason(reader.finishReason());
            }
            if (reader.hasUsage()) {
                // each event repeats the running totals; the last one counts
                usage = new Usage(reader.promptTokens(), reader.outputTokens(), false);
            }
            return true;
        }

        /** Collects a bare JSON error line by line until its braces balance, as Google's SDK does. */
        @Override
        protected void onStrayLine(String line) {
            if (error != null) {
                return;
            }
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '{') {
                    strayBalance++;
                } else if (c == '}') {
                    strayBalance--;
                }
            }
            stray.append(line).append('\n');
            if (strayBalance <= 0) {
                String text = stray.toString().strip();
                stray.setLength(0);
                strayBalance = 0;
                try {
                    reader.read(text);
                    if (reader.hasError()) {
                        error = midStream(reader.errorCode(), reader.errorMessage());
                    }
                } catch (JacksonException notJson) {
                    // not an error object; nothing we understand
                }
            }
        }

        @Override
        protected Completion finish(boolean stopped) {
            if (error != null) {
                throw error;
            }
            if (finishReason == null) {
                throw endedEarly();
            }
            if (!toolCalls.isEmpty()) {
                // Gemini says STOP after a function call too
                return new Completion(usage, "tool_calls", toolCalls.calls());
            }
            return new Completion(usage, finishReason);
        }

        private static String finishReason(String reason) {
            return switch (reason) {
                case "STOP" -> "stop";
                case "MAX_TOKENS" -> "length";
                case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" -> "content_filter";
                default -> reason.toLowerCase(Locale.ROOT);
            };
        }
    }
}
