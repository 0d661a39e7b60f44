package dev.chatbot.core.llm.anthropic;

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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams Anthropic's Messages API (POST /v1/messages, stream: true) through {@link StreamingClient}:
 * named SSE events, usage from message_start and message_delta, errors as an error event.
 */
public final class AnthropicProvider implements LlmProvider {

    private final AnthropicConfig config;
    private final StreamingClient http;
    private final JsonMapper json;
    private final URI endpoint;

    public AnthropicProvider(AnthropicConfig config, JsonMapper json) {
        this.config = config;
        this.json = json;
        this.http = new StreamingClient(config.connectTimeout());
        String base = config.baseUrl().toString();
        this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "v1/messages");
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public StreamHandle stream(LlmRequest request, StreamListener listener) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-api-key", config.apiKey() == null ? "" : config.apiKey());
        headers.put("anthropic-version", config.version());
        StreamRequest post = new StreamRequest(endpoint, headers, requestBody(request));
        return new StreamingCall(config.name(), http, post, new EventDecoder(config.name(), json), listener).start();
    }

    String requestBody(LlmRequest request) {
        AlternatingPrompt prompt = AlternatingPrompt.of(request.messages());
        ObjectNode body = json.createObjectNode();
        body.put("model", request.model());
        body.put("max_tokens", request.maxOutputTokens() > 0 ? request.maxOutputTokens() : config.defaultMaxTokens());
        if (prompt.system() != null) {
            body.put("system", prompt.system());
        }
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : prompt.turns()) {
            ObjectNode message = messages.addObject().put("role", m.role() == ChatMessage.Role.ASSISTANT ? "assistant" : "user");
            if (!m.hasLoadedImages() && !m.hasToolUse() && m.role() != ChatMessage.Role.TOOL) {
                message.put("content", m.text());
                continue;
            }
            ArrayNode content = message.putArray("content");
            for (ChatMessage.Part part : m.parts()) {
                switch (part) {
                    case ChatMessage.Text t -> {
                        if (!t.text().isBlank()) { // the API refuses empty text blocks
                            content.addObject().put("type", "text").put("text", t.text());
                        }
                    }
                    case ChatMessage.Image i when i.isLoaded() -> content.addObject().put("type", "image")
                            .putObject("source").put("type", "base64").put("media_type", i.mediaType()).put("data", i.base64());
                    case ChatMessage.Image i -> content.addObject().put("type", "text").put("text", ChatMessage.Image.PLACEHOLDER);
                    case ChatMessage.ToolUse u -> content.addObject().put("type", "tool_use").put("id", u.id())
                            .put("name", u.name()).set("input", ToolArguments.object(json, u.arguments()));
                    case ChatMessage.ToolResult r -> content.addObject().put("type", "tool_result").put("tool_use_id", r.callId())
                            .put("content", r.content()).put("is_error", r.error());
                }
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec t : request.tools()) {
                tools.addObject().put("name", t.name()).put("description", t.description())
                        .set("input_schema", json.readTree(t.inputSchema()));
            }
        }
        body.put("stream", true);
        return json.writeValueAsString(body);
    }

    /** The event flow: message_start, content blocks with their deltas, message_delta, message_stop. */
    private static final class EventDecoder extends StreamDecoder {
        private final EventReader reader;
        private final ToolCallPieces toolCalls = new ToolCallPieces();
        private int inputTokens;
        private int outputTokens;
        private boolean sawUsage;
        private String stopReason;
        private boolean stopped;
        private LlmException error;

        EventDecoder(String provider, JsonMapper json) {
            super(provider);
            this.reader = new EventReader(json);
        }

        @Override
        protected boolean onEvent(SseReader.Event event) {
            String data = event.data().strip();
            if (data.isEmpty()) {
                return true;
            }
            reader.read(data);
            String type = reader.type() != null ? reader.type() : event.event() == null ? "" : event.event();
            switch (type) {
                case "message_start" -> {
                    EventReader.Counts usage = reader.messageUsage();
                    if (usage.present()) {
                        sawUsage = true;
                        inputTokens = usage.input();
                        outputTokens = Math.max(0, usage.output());
                    }
                }
                case "content_block_start" -> {
                    if ("tool_use".equals(reader.blockType())) {
                        toolCalls.add(reader.index(), reader.blockId(), reader.blockName(), null);
                    }
                }
                case "content_block_delta" -> {
                    if ("text_delta".equals(reader.deltaType())) {
                        emit(reader.deltaText());
                    } else if ("input_json_delta".equals(reader.deltaType())) {
                        toolCalls.add(reader.index(), null, null, reader.partialJson());
                    }
                }
                case "message_delta" -> {
                    if (reader.stopReason() != null) {
                        stopReason = reader.stopReason();
                    }
                    EventReader.Counts usage = reader.usage();
                    if (usage.present()) {
                        sawUsage = true;
                        // cumulative counts; newer API versions repeat the input here
                        if (usage.output() >= 0) {
                            outputTokens = usage.output();
                        }
                        if (usage.input() > 0) {
                            inputTokens = usage.input();
                        }
                    }
                }
                case "message_stop" -> {
                    stopped = true;
                    return false;
                }
                case "error" -> {
                    error = midStream(reader.errorType() != null ? reader.errorType() : "error",
                            reader.errorMessage() != null ? reader.errorMessage() : "error");
                    return false;
                }
                default -> {
                    // ping, content_block_start/stop and event types added later
                }
            }
            return true;
        }

        @Override
        protected Completion finish(boolean stoppedByDecoder) {
            if (error != null) {
                throw error;
            }
            if (!stopped && stopReason == null) {
                throw endedEarly();
            }
            Usage usage = sawUsage ? new Usage(inputTokens, outputTokens, false) : null;
            return new Completion(usage, finishReason(stopReason), toolCalls.calls());
        }

        private static String finishReason(String stopReason) {
            if (stopReason == null) {
                return "stop";
            }
            return switch (stopReason) {
                case "end_turn", "stop_sequence" -> "stop";
                case "tool_use" -> "tool_calls";
                case "max_tokens" -> "length";
                case "refusal" -> "content_filter";
                default -> stopReason.toLowerCase(Locale.ROOT);
            };
        }
    }
}
