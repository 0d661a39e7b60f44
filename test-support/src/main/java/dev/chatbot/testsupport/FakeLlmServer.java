package dev.chatbot.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the fake providers share: a loopback HTTP server that records each
 * request, refuses malformed ones as the real API would, and answers with the next queued
 * {@link Script} (rendered in the provider's own stream format) or {@link Replay} (sent byte for
 * byte), else with the default responder, which echoes the last user message.
 */
public abstract class FakeLlmServer implements AutoCloseable {

    protected final JsonMapper json = JsonMapper.builder().build();
    private final HttpServer server;
    private final List<ReceivedRequest> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Object> answers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger disconnects = new AtomicInteger();
    private final Set<InetSocketAddress> clients = ConcurrentHashMap.newKeySet();
    private volatile Function<ReceivedRequest, Script> responder =
            r -> Script.text("You said: " + r.lastUserMessage(), Duration.ofMillis(5));

    protected FakeLlmServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Scheme, host and port. */
    protected final String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void enqueue(Script script) {
        answers.add(script);
    }

    public void enqueue(Replay replay) {
        answers.add(replay);
    }

    public void respondWith(Function<ReceivedRequest, Script> responder) {
        this.responder = responder;
    }

    public List<ReceivedRequest> requests() {
        return Collections.unmodifiableList(requests);
    }

    /** Streams the client closed before the fake had finished writing. */
    public int disconnects() {
        return disconnects.get();
    }

    /** TCP connections the clients opened so far (told apart by their address and port). */
    public int connections() {
        return clients.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** The provider's answer to a wrong URL or missing credentials, checked before the body is read; null when fine. */
    protected Replay rejectBeforeBody(HttpExchange exchange) {
        return null;
    }

    /** The provider's answer to a malformed request, or null when the request is fine. */
    protected abstract Replay reject(HttpExchange exchange, JsonNode body);

    /** The request as tests see it: model and normalised messages. */
    protected abstract ReceivedRequest received(HttpExchange exchange, JsonNode body);

    /** Writes a successful script in the provider's stream format; IOException when the client left. */
    protected abstract void stream(OutputStream out, ReceivedRequest request, Script script) throws IOException;

    private void handle(HttpExchange exchange) throws IOException {
        clients.add(exchange.getRemoteAddress());
        try (exchange) {
            Replay refused = rejectBeforeBody(exchange);
            if (refused != null) {
                refused.writeTo(exchange);
                return;
            }
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body;
            try {
                body = json.readTree(raw);
            } catch (RuntimeException e) {
                Replay.error(400, "{\"error\":{\"message\":\"fake: request body is not JSON\"}}", Map.of()).writeTo(exchange);
                return;
            }
            Replay rejection = reject(exchange, body);
            if (rejection != null) {
                rejection.writeTo(exchange);
                return;
            }
            ReceivedRequest request = received(exchange, body);
            requests.add(request);
            Object answer = answers.poll();
            if (answer == null) {
                answer = responder.apply(request);
            }
            if (answer instanceof Replay replay) {
                if (!replay.writeTo(exchange)) {
                    disconnects.incrementAndGet();
                }
                return;
            }
            Script script = (Script) answer;
            if (script.status() != 200) {
                Replay.error(script.status(), script.errorBody() == null ? "" : script.errorBody(), script.headers())
                        .writeTo(exchange);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            try {
                stream(exchange.getResponseBody(), request, script);
            } catch (IOException e) {
                disconnects.incrementAndGet();
            }
        }
    }

    protected static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    protected static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A JSON string literal. */
    protected String quote(String s) {
        return json.writeValueAsString(s);
    }
}
