package dev.chatbot.core.llm;

import dev.chatbot.core.history.ChatMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Streams chat completions from any OpenAI-compatible endpoint over the JDK's HttpClient.
 * Hand-written rather than through an SDK so that Retry-After headers, stream_options and
 * cancellation (closing the body aborts the connection) stay in our hands.
 */
public final class OpenAiCompatibleProvider implements LlmProvider {

    private static final Logger log = LoggerFactory.getLogger(OpenAiCompatibleProvider.class);

    private final OpenAiCompatibleConfig config;
    private final HttpClient http;
    private final JsonMapper json;
    private final URI endpoint;

    public OpenAiCompatibleProvider(OpenAiCompatibleConfig config, JsonMapper json) {
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .build();
        this.endpoint = endpoint(config);
    }

    private static URI endpoint(OpenAiCompatibleConfig config) {
        String base = config.baseUrl().toString();
        String url = (base.endsWith("/") ? base : base + "/") + "chat/completions";
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

    @Override
    public StreamHandle stream(LlmRequest request, StreamListener listener) {
        Call call = new Call(request, listener);
        Thread.ofVirtual().name("llm-" + config.name()).start(call::run);
        return call::cancel;
    }

    String requestBody(LlmRequest request) {
        ObjectNode body = json.createObjectNode();
        body.put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.messages()) {
            messages.addObject()
                    .put("role", m.role().name().toLowerCase(Locale.ROOT))
                    .put("content", m.content());
        }
        body.put("stream", true);
        if (config.streamOptions()) {
            body.putObject("stream_options").put("include_usage", true);
        }
        if (request.maxOutputTokens() > 0) {
            body.put("max_tokens", request.maxOutputTokens());
        }
        return json.writeValueAsString(body);
    }

    private final class Call {
        private final LlmRequest request;
        private final StreamListener listener;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile InputStream body;
        private volatile CompletableFuture<HttpResponse<InputStream>> pending;

        Call(LlmRequest request, StreamListener listener) {
            this.request = request;
            this.listener = listener;
        }

        void cancel() {
            if (done.compareAndSet(false, true)) {
                // before the response: cancelling the exchange aborts it; after: closing the body does
                CompletableFuture<HttpResponse<InputStream>> request = pending;
                if (request != null) {
                    request.cancel(true);
                }
                closeQuietly();
            }
        }

        void run() {
            try {
                HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                        .header("Content-Type", "application/json")
                        .header("Accept", "text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(requestBody(request)));
                if (config.apiKey() != null && !config.apiKey().isBlank()) {
                    builder.header("Authorization", "Bearer " + config.apiKey());
                }
                for (Map.Entry<String, String> h : config.headers().entrySet()) {
                    builder.header(h.getKey(), h.getValue());
                }
                pending = http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
                if (done.get()) {
                    pending.cancel(true);
                    return;
                }
                HttpResponse<InputStream> response;
                try {
                    response = pending.get();
                } catch (CancellationException cancelled) {
                    return;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException(e.getCause());
                }
                body = response.body();
                if (done.get()) {
                    closeQuietly();
                    return;
                }
                if (response.statusCode() / 100 != 2) {
                    String text = readLimited(response.body());
                    fail(HttpErrorMapper.map(config.name(), response.statusCode(), response.headers(), text));
                    return;
                }
                readStream(response.body());
            } catch (HttpConnectTimeoutException e) {
                fail(new LlmException.Unavailable(config.name(), "connect timeout", null));
            } catch (IOException e) {
                fail(new LlmException.Unavailable(config.name(), "connection failed: " + e.getClass().getSimpleName(), null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(new LlmException.Interrupted(config.name(), "interrupted", null));
            } catch (RuntimeException e) {
                fail(new LlmException.Unavailable(config.name(), "unexpected: " + e.getClass().getSimpleName(), e));
            } finally {
                closeQuietly();
            }
        }

        private void readStream(InputStream in) throws IOException {
            ChunkState state = new ChunkState();
            boolean stopped;
            try {
                stopped = SseReader.read(in, event -> onEvent(event, state));
            } catch (IOException e) {
                if (done.get()) {
                    return;
                }
                fail(new LlmException.Interrupted(config.name(), "stream broke: " + e.getClass().getSimpleName(), e));
                return;
            }
            if (state.error != null) {
                fail(state.error);
            } else if (stopped || state.finishReason != null) {
                complete(new Completion(state.usage, state.finishReason));
            } else {
                fail(new LlmException.Interrupted(config.name(), "stream ended before the answer did", null));
            }
        }

        private boolean onEvent(SseReader.Event event, ChunkState state) {
            if (done.get()) {
                return false;
            }
            String data = event.data().strip();
            if (data.equals("[DONE]")) {
                return false;
            }
            if (data.isEmpty()) {
                return true;
            }
            JsonNode chunk = json.readTree(data);
            JsonNode error = chunk.get("error");
            if (error != null && !error.isNull()) {
                state.error = midStreamError(error);
                return false;
            }
            JsonNode usage = chunk.get("usage");
            if (usage != null && usage.isObject()) {
                state.usage = new Usage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0), false);
            }
            for (JsonNode choice : chunk.path("choices")) {
                String content = choice.path("delta").path("content").asString(null);
                if (content != null && !content.isEmpty()) {
                    listener.onPartial(content);
                }
                String finish = choice.path("finish_reason").asString(null);
                if (finish != null) {
                    if (finish.equals("error")) {
                        state.error = new LlmException.Interrupted(config.name(), "provider reported an error mid-stream", null);
                        return false;
                    }
                    state.finishReason = finish.toLowerCase(Locale.ROOT);
                }
            }
            return true;
        }

        private LlmException midStreamError(JsonNode error) {
            String message = error.path("message").asString("error");
            String code = error.path("code").asString("") + " " + error.path("type").asString("");
            String lower = (code + " " + message).toLowerCase(Locale.ROOT);
            if (lower.contains("rate") || lower.contains("429")) {
                return new LlmException.RateLimited(config.name(), "mid-stream: " + message, null);
            }
            return new LlmException.Interrupted(config.name(), "mid-stream: " + message, null);
        }

        private void complete(Completion completion) {
            if (done.compareAndSet(false, true)) {
                listener.onComplete(completion);
            }
        }

        private void fail(LlmException error) {
            if (done.compareAndSet(false, true)) {
                log.debug("{} stream failed: {}", config.name(), error.getMessage());
                listener.onError(error);
            }
        }

        private void closeQuietly() {
            InputStream in = body;
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // the connection is being abandoned anyway
                }
            }
        }
    }

    private static final class ChunkState {
        Usage usage;
        String finishReason;
        LlmException error;
    }

    private static String readLimited(InputStream in) {
        try (in) {
            byte[] bytes = in.readNBytes(8192);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
