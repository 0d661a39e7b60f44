package dev.chatbot.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI-compatible SSE endpoint that answers "bench &lt;chat&gt; &lt;round&gt;" with a fixed
 * answer at a fixed token rate, telling the tracker the moment each token leaves.
 */
final class BenchLlmServer implements AutoCloseable {

    interface Listener {
        void tokenSent(long chatId, int index, long nanos);
    }

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Answer answer;
    private final long tokenIntervalNanos;
    private final Listener listener;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong broken = new AtomicLong();

    BenchLlmServer(Answer answer, double tokensPerSecond, Listener listener) throws IOException {
        this.answer = answer;
        this.tokenIntervalNanos = (long) (1_000_000_000L / tokensPerSecond);
        this.listener = listener;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    long requests() {
        return requests.get();
    }

    long broken() {
        return broken.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            String question = "";
            for (JsonNode m : body.path("messages")) {
                if (m.path("role").asString().equals("user")) {
                    question = m.path("content").asString();
                }
            }
            long chatId = Long.parseLong(question.split(" ")[1]);
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            String head = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":";
            write(out, head + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
            long next = System.nanoTime();
            for (int i = 0; i < answer.tokens().size(); i++) {
                next += tokenIntervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                String chunk = head + "{\"content\":" + json.writeValueAsString(answer.tokens().get(i)) + "},\"finish_reason\":null}]}\n\n";
                listener.tokenSent(chatId, i, System.nanoTime());
                write(out, chunk);
            }
            write(out, head + "{},\"finish_reason\":\"stop\"}]}\n\n");
            write(out, "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"bench\",\"choices\":[],\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":"
                    + answer.tokens().size() + ",\"total_tokens\":" + (30 + answer.tokens().size()) + "}}\n\ndata: [DONE]\n\n");
        } catch (IOException e) {
            broken.incrementAndGet();
        }
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
