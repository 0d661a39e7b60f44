package dev.chatbot.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI chat-completions endpoint on loopback that streams SSE chunks byte-for-byte in the
 * shape OpenAI sends them (role chunk, content chunks, finish chunk, usage chunk, [DONE]).
 * Answers follow queued {@link Script}s or {@link Replay}s, else the default responder.
 * It also serves Azure's deployment URLs ({@link #azureEndpoint()}), and can speak like Azure
 * ({@link #azureStyle}) or like OpenRouter and DeepSeek with keep-alive comments ({@link #keepAlive}).
 */
public final class FakeOpenAiServer implements AutoCloseable {

    /** One answer. */
    public record Script(int status, Map<String, String> headers, String errorBody, List<String> tokens,
                         Duration tokenDelay, int promptTokens, int completionTokens, int cutAfter,
                         boolean sendUsage) {

        /** Streams the tokens with a pause between them and reports usage. */
        public static Script tokens(Duration delay, String... tokens) {
            return new Script(200, Map.of(), null, List.of(tokens), delay, 10 + tokens.length, tokens.length, -1, true);
        }

        /** Streams {@code text} word by word (spaces kept on the following word). */
        public static Script text(String text, Duration delay) {
            return tokens(delay, words(text));
        }

        public static Script error(int status, String body, Map<String, String> headers) {
            return new Script(status, headers, body, List.of(), Duration.ZERO, 0, 0, -1, false);
        }

        public Script withUsage(int prompt, int completion) {
            return new Script(status, headers, errorBody, tokens, tokenDelay, prompt, completion, cutAfter, true);
        }

        public Script withoutUsage() {
            return new Script(status, headers, errorBody, tokens, tokenDelay, promptTokens, completionTokens, cutAfter, false);
        }

        /** Drops the connection after {@code n} tokens, with no finish chunk. */
        public Script cutAfter(int n) {
            return new Script(status, headers, errorBody, tokens, tokenDelay, promptTokens, completionTokens, n, sendUsage);
        }

        public String fullText() {
            return String.join("", tokens);
        }
    }

    /** A request as received. */
    public record Request(String path, Map<String, List<String>> headers, JsonNode body) {

        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().getFirst();
                }
            }
            return null;
        }

        /** The messages' contents in order, as "role: content". */
        public List<String> messages() {
            List<String> out = new ArrayList<>();
            for (JsonNode m : body.path("messages")) {
                out.add(m.path("role").asString() + ": " + m.path("content").asString());
            }
            return out;
        }

        public String lastUserMessage() {
            String last = null;
            for (JsonNode m : body.path("messages")) {
                if (m.path("role").asString().equals("user")) {
                    last = m.path("content").asString();
                }
            }
            return last;
        }
    }

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Object> scripts = new ConcurrentLinkedQueue<>();
    private final AtomicInteger disconnects = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Function<Request, Script> responder =
            r -> Script.text("You said: " + r.lastUserMessage(), Duration.ofMillis(5));
    private volatile String keepAlive;
    private volatile boolean azureStyle;

    public FakeOpenAiServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Base URL with its /v1, as OpenAI's SDKs take it. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public void enqueue(Script script) {
        scripts.add(script);
    }

    /** Serves the next request these exact bytes, e.g. a recorded stream. */
    public void enqueue(Replay replay) {
        scripts.add(replay);
    }

    /** Azure's resource endpoint (AZURE_OPENAI_ENDPOINT): deployments live under /openai/deployments/. */
    public String azureEndpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Writes an SSE comment before every chunk, as OpenRouter (": OPENROUTER PROCESSING") and
     * DeepSeek (": keep-alive") do while a request waits; null turns it off.
     */
    public void keepAlive(String comment) {
        this.keepAlive = comment;
    }

    /**
     * Streams as Azure does: a first chunk with no choices but prompt_filter_results, and
     * content_filter_results inside every choice.
     */
    public void azureStyle(boolean on) {
        this.azureStyle = on;
    }

    public void respondWith(Function<Request, Script> responder) {
        this.responder = responder;
    }

    public List<Request> requests() {
        return Collections.unmodifiableList(requests);
    }

    /** Streams the client closed before the fake had finished writing. */
    public int disconnects() {
        return disconnects.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/openai/deployments/") && !azureAccepts(exchange)) {
                return;
            }
            if (exchange.getRequestMethod().equals("GET") && path.equals("/v1/models")) {
                listModels(exchange);
                return;
            }
            boolean chat = path.equals("/v1/chat/completions")
                    || path.startsWith("/openai/deployments/") && path.endsWith("/chat/completions");
            if (!exchange.getRequestMethod().equals("POST") || !chat) {
                // OpenAI's own answer to a path it does not have, e.g. a base URL without its /v1
                Replay.error(404, "{\n    \"error\": {\n        \"message\": \"Invalid URL (" + exchange.getRequestMethod() + " "
                        + path + ")\",\n        \"type\": \"invalid_request_error\",\n        \"param\": null,\n"
                        + "        \"code\": null\n    }\n}\n", Map.of()).writeTo(exchange);
                return;
            }
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            Request request = new Request(exchange.getRequestURI().toString(), Map.copyOf(exchange.getRequestHeaders()), body);
            requests.add(request);
            Object next = scripts.poll();
            if (next instanceof Replay replay) {
                if (!replay.writeTo(exchange)) {
                    disconnects.incrementAndGet();
                }
                return;
            }
            Script script = next == null ? responder.apply(request) : (Script) next;
            if (script.status() != 200) {
                byte[] err = (script.errorBody() == null ? "" : script.errorBody()).getBytes(StandardCharsets.UTF_8);
                script.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(script.status(), err.length == 0 ? -1 : err.length);
                if (err.length > 0) {
                    exchange.getResponseBody().write(err);
                }
                return;
            }
            String model = path.startsWith("/openai/deployments/")
                    ? path.substring("/openai/deployments/".length(), path.indexOf('/', "/openai/deployments/".length()))
                    : body.path("model").asString();
            stream(exchange, model, script, body.path("stream_options").path("include_usage").asBoolean(false));
        }
    }

    /** GET /v1/models, as OpenAI answers it: the model list, or 401 without a key. */
    private void listModels(HttpExchange exchange) throws IOException {
        if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
            Replay.error(401, "{\"error\":{\"message\":\"You didn't provide an API key.\",\"type\":\"invalid_request_error\","
                    + "\"param\":null,\"code\":null}}", Map.of()).writeTo(exchange);
            return;
        }
        byte[] body = "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\",\"object\":\"model\",\"created\":1721172741,\"owned_by\":\"system\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    /** Azure wants its api-key header and an api-version; it answers their absence like this. */
    private boolean azureAccepts(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        if (exchange.getRequestHeaders().getFirst("api-key") == null) {
            Replay.error(401, "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription key or "
                    + "wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct "
                    + "regional API endpoint for your resource.\"}}", Map.of()).writeTo(exchange);
            return false;
        }
        if (query == null || !query.contains("api-version=")) {
            Replay.error(404, "{\"error\":{\"code\":\"404\",\"message\": \"Resource not found\"}}", Map.of())
                    .writeTo(exchange);
            return false;
        }
        return true;
    }

    private void stream(HttpExchange exchange, String model, Script script, boolean includeUsage) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        String id = "chatcmpl-fake" + ids.incrementAndGet();
        long created = System.currentTimeMillis() / 1000;
        try {
            if (azureStyle) {
                write(out, "{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":"
                        + "[{\"prompt_index\":0,\"content_filter_results\":" + SAFE + "}]}");
            }
            write(out, chunk(id, created, model, "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null));
            int sent = 0;
            for (String token : script.tokens()) {
                if (script.cutAfter() >= 0 && sent >= script.cutAfter()) {
                    return;
                }
                sleep(script.tokenDelay());
                ObjectNode delta = json.createObjectNode().put("content", token);
                write(out, chunk(id, created, model, json.writeValueAsString(delta), null));
                sent++;
            }
            if (script.cutAfter() >= 0) {
                return;
            }
            write(out, chunk(id, created, model, "{}", "\"stop\""));
            if (includeUsage && script.sendUsage()) {
                write(out, "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created
                        + ",\"model\":\"" + model + "\",\"system_fingerprint\":\"fp_fake\",\"choices\":[],\"usage\":{\"prompt_tokens\":"
                        + script.promptTokens() + ",\"completion_tokens\":" + script.completionTokens()
                        + ",\"total_tokens\":" + (script.promptTokens() + script.completionTokens()) + "}}");
            }
            write(out, "[DONE]");
        } catch (IOException e) {
            disconnects.incrementAndGet();
        }
    }

    private static final String SAFE = "{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"self_harm\":{\"filtered\":false,"
            + "\"severity\":\"safe\"},\"sexual\":{\"filtered\":false,\"severity\":\"safe\"},\"violence\":{\"filtered\":false,"
            + "\"severity\":\"safe\"}}";

    private String chunk(String id, long created, String model, String delta, String finish) {
        String filter = azureStyle ? "\"content_filter_results\":" + (delta.contains("content") && !delta.contains("\"content\":\"\"")
                ? SAFE : "{}") + "," : "";
        return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created + ",\"model\":\""
                + model + "\",\"system_fingerprint\":\"fp_fake\",\"choices\":[{" + filter + "\"index\":0,\"delta\":" + delta
                + ",\"logprobs\":null,\"finish_reason\":" + (finish == null ? "null" : finish) + "}]}";
    }

    private void write(OutputStream out, String data) throws IOException {
        String comment = keepAlive;
        if (comment != null) {
            out.write((": " + comment + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String[] words(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i) == ' ') {
                out.add(text.substring(start, i));
                start = i;
            }
        }
        out.add(text.substring(start));
        return out.toArray(String[]::new);
    }

    @Override
    public String toString() {
        return "FakeOpenAiServer" + Arrays.asList(baseUrl());
    }
}
