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
 * Answers follow queued {@link Script}s, else the default responder.
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
    private final ConcurrentLinkedQueue<Script> scripts = new ConcurrentLinkedQueue<>();
    private final AtomicInteger disconnects = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile Function<Request, Script> responder =
            r -> Script.text("You said: " + r.lastUserMessage(), Duration.ofMillis(5));

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
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().endsWith("/chat/completions")) {
                byte[] body = "{\"error\":{\"message\":\"Unknown request URL\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"unknown_url\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            Request request = new Request(exchange.getRequestURI().toString(), Map.copyOf(exchange.getRequestHeaders()), body);
            requests.add(request);
            Script script = scripts.poll();
            if (script == null) {
                script = responder.apply(request);
            }
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
            stream(exchange, body.path("model").asString(), script,
                    body.path("stream_options").path("include_usage").asBoolean(false));
        }
    }

    private void stream(HttpExchange exchange, String model, Script script, boolean includeUsage) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        String id = "chatcmpl-fake" + ids.incrementAndGet();
        long created = System.currentTimeMillis() / 1000;
        try {
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

    private static String chunk(String id, long created, String model, String delta, String finish) {
        return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":" + created + ",\"model\":\""
                + model + "\",\"system_fingerprint\":\"fp_fake\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"logprobs\":null,\"finish_reason\":" + (finish == null ? "null" : finish) + "}]}";
    }

    private static void write(OutputStream out, String data) throws IOException {
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
