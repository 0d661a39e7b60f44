package dev.chatbot.core.llm.openai;

import dev.chatbot.core.history.ChatMessage;
import dev.chatbot.core.llm.Completion;
import dev.chatbot.core.llm.LlmException;
import dev.chatbot.core.llm.LlmProvider;
import dev.chatbot.core.llm.LlmRequest;
import dev.chatbot.core.llm.StreamHandle;
import dev.chatbot.core.llm.StreamListener;
import dev.chatbot.core.llm.ToolSpec;
import dev.chatbot.core.llm.http.ToolCallPieces;
import dev.chatbot.core.llm.Usage;
import dev.chatbot.core.llm.http.SseReader;
import dev.chatbot.core.llm.http.StreamDecoder;
import dev.chatbot.core.llm.http.StreamRequest;
import dev.chatbot.core.llm.http.StreamingCall;
import dev.chatbot.core.llm.http.StreamingClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams chat completions from any OpenAI-compatible endpoint ({@link StreamingClient}), Azure
 * OpenAI included. Hand-written rather than through an SDK so that Retry-After headers,
 * stream_options and cancellation (closing the body aborts the connection) stay in our hands.
 */
public final class OpenAiCompatibleProvider implements LlmProvider {

    private final OpenAiCompatibleConfig config;
    private final StreamingClient http;
    private final JsonMapper json;

    public OpenAiCompatibleProvider(OpenAiCompatibleConfig config, JsonMapper json) {
        this.config = config;
        this.json = json;
        this.http = new StreamingClient(config.connectTimeout());
    }

    /** The URL for one model: the same for all, except on Azure, where each deployment has its own. */
    URI endpoint(String model) {
        String base = config.baseUrl().toString();
        base = base.endsWith("/") ? base : base + "/";
        String url = config.deployments()
                ? base + "openai/deployments/" + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20")
                + "/chat/completions"
                : base + "chat/completions";
        if (!config.queryParams().isEmpty()) {
            url += "?" + config.queryParams().entrySet().stream()
                    .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                    .collect(Collectors.joining("&"));
        }
        return URI.create(url);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String name() {
        return config.name();
    }

    /** Transcription and drawing on this provider's endpoint with {@code model} (on Azure: its deployment). */
    public OpenAiMedia media(String model, java.time.Duration timeout) {
        return new OpenAiMedia(config, model, json, timeout);
    }

    @Override
    public StreamHandle stream(LlmRequest request, StreamListener listener) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (config.apiKey() != null && !config.apiKey().isBlank()) {
            headers.put("Authorization", "Bearer " + config.apiKey());
        }
        headers.putAll(config.headers());
        StreamRequest post = new StreamRequest(endpoint(request.model()), headers, requestBody(request));
        return new StreamingCall(config.name(), http, post, new ChunkDecoder(config.name(), json), listener).start();
    }

    String requestBody(LlmRequest request) {
        ObjectNode body = json.createObjectNode();
        if (!config.deployments()) {
            body.put("model", request.model());
        }
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : ChatMessage.toolRounds(request.messages())) {
            if (m.role() == ChatMessage.Role.TOOL) {
                toolResults(messages, m);
                continue;
            }
            ObjectNode message = messages.addObject().put("role", m.role().name().toLowerCase(Locale.ROOT));
            if (m.hasToolUse()) {
                toolCalls(message, m);
                continue;
            }
            if (!m.hasLoadedImages()) {
                message.put("content", m.text());
                continue;
            }
            ArrayNode content = message.putArray("content");
            for (ChatMessage.Part part : m.parts()) {
                switch (part) {
                    case ChatMessage.Text t -> {
                        if (!t.text().isEmpty()) {
                            content.addObject().put("type", "text").put("text", t.text());
                        }
                    }
                    case ChatMessage.Image i when i.isLoaded() -> content.addObject().put("type", "image_url")
                            .putObject("image_url").put("url", "data:" + i.mediaType() + ";base64," + i.base64());
                    case ChatMessage.Image i -> content.addObject().put("type", "text").put("text", ChatMessage.Image.PLACEHOLDER);
                    case ChatMessage.ToolUse u -> { } // only in assistant messages, written by toolCalls
                    case ChatMessage.ToolResult r -> { } // only in tool messages, written by toolResults
                }
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec t : request.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", t.name()).put("description", t.description());
                function.set("parameters", json.readTree(t.inputSchema()));
            }
        }
        body.put("stream", true);
        if (config.streamOptions()) {
            body.putObject("stream_options").put("include_usage", true);
        }
        if (request.maxOutputTokens() > 0) {
            body.put(config.maxTokensField(), request.maxOutputTokens());
        }
        return json.writeValueAsString(body);
    }

    /** An assistant turn that called tools: its text (or null) and tool_calls with the arguments as a JSON string. */
    private static void toolCalls(ObjectNode message, ChatMessage m) {
        String text = m.text();
        if (text.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text);
        }
        ArrayNode calls = message.putArray("tool_calls");
        for (ChatMessage.Part part : m.parts()) {
            if (part instanceof ChatMessage.ToolUse u) {
                calls.addObject().put("id", u.id()).put("type", "function")
                        .putObject("function").put("name", u.name()).put("arguments", u.arguments());
            }
        }
    }

    /** One "tool" message per result, each naming the call it answers. */
    private static void toolResults(ArrayNode messages, ChatMessage m) {
        for (ChatMessage.Part part : m.parts()) {
            if (part instanceof ChatMessage.ToolResult r) {
                messages.addObject().put("role", "tool").put("tool_call_id", r.callId()).put("content", r.content());
            }
        }
    }

    /**
     * Chat-completion chunks as OpenAI, Azure (a first chunk with no choices, filter annotations
     * without a delta), OpenRouter (an error beside the choices) and Ollama send them.
     */
    private static final class ChunkDecoder extends StreamDecoder {
        private final ChunkReader chunk;
        private final ToolCallPieces toolCalls = new ToolCallPieces();
        private Usage usage;
        private String finishReason;
        private LlmException error;

        ChunkDecoder(String provider, JsonMapper json) {
            super(provider);
            this.chunk = new ChunkReader(json);
        }

        @Override
        protected boolean onEvent(SseReader.Event event) {
            String data = event.data().strip();
            if (data.equals("[DONE]")) {
                return false;
            }
            if (data.isEmpty()) {
                return true;
            }
            chunk.read(data);
            // an error anywhere in the chunk wins over text beside it, whatever the order of its fields
            if (chunk.hasError()) {
                error = midStream(chunk.errorCode(), chunk.errorMessage());
                return false;
            }
            if (chunk.hasUsage()) {
                usage = new Usage(chunk.promptTokens(), chunk.completionTokens(), false);
            }
            for (ChunkReader.ToolDelta d : chunk.toolDeltas()) {
                toolCalls.add(d.index(), d.id(), d.name(), d.arguments());
            }
            for (int i = 0; i < chunk.choices(); i++) {
                emit(chunk.content(i));
                String finish = chunk.finishReason(i);
                if (finish != null) {
                    if (finish.equals("error")) {
                        error = midStream("error", "the provider ended the answer with an error");
                        return false;
                    }
                    finishReason = finish.toLowerCase(Locale.ROOT);
                }
            }
            return true;
        }

        @Override
        protected Completion finish(boolean stopped) {
            if (error != null) {
                throw error;
            }
            if (stopped || finishReason != null) {
                return new Completion(usage, finishReason, toolCalls.calls());
            }
            throw endedEarly();
        }
    }
}
