package dev.chatbot.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Bot API fake built for volume: unlike the test fake it keeps no call log, only counters, and
 * reports every call that shows text to a listener with the moment it arrived.
 */
final class BenchTelegramServer implements AutoCloseable {

    interface Listener {
        void shown(long chatId, String method, String text, long nanos);
    }

    static final String BOT = "{\"id\":7000000001,\"is_bot\":true,\"first_name\":\"Bench Bot\",\"username\":\"bench_bot\"}";

    private final HttpServer server;
    private final String token;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Listener listener;
    private final Deque<String> updates = new ArrayDeque<>();
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final AtomicLong nextUpdateId = new AtomicLong(1);
    private final AtomicInteger nextMessageId = new AtomicInteger(1);
    private final AtomicLong errors = new AtomicLong();
    private volatile long firstPollNanos;

    BenchTelegramServer(String token, Listener listener) throws IOException {
        this.token = token;
        this.listener = listener;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    boolean hasBeenPolled() {
        return firstPollNanos != 0;
    }

    /** System.nanoTime() of the first getUpdates, or 0 before it. */
    long firstPollNanos() {
        return firstPollNanos;
    }

    long calls(String method) {
        LongAdder a = calls.get(method);
        return a == null ? 0 : a.sum();
    }

    Map<String, Long> callCounts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    long errors() {
        return errors.get();
    }

    /** A private message from user {@code chatId}. */
    void privateText(long chatId, String text) {
        synchronized (updates) {
            // ids in the order updates become visible, as Telegram's are: the bot confirms by the highest
            long id = nextUpdateId.getAndIncrement();
            updates.add(id + "\t" + update(id, chatId, text));
            updates.notifyAll();
        }
    }

    private String update(long id, long chatId, String text) {
        return "{\"update_id\":" + id + ",\"message\":{\"message_id\":" + nextMessageId.incrementAndGet()
                + ",\"from\":{\"id\":" + chatId + ",\"is_bot\":false,\"first_name\":\"U\",\"language_code\":\"en\"},"
                + "\"chat\":{\"id\":" + chatId + ",\"type\":\"private\",\"first_name\":\"U\"},\"date\":"
                + System.currentTimeMillis() / 1000 + ",\"text\":" + json.writeValueAsString(text) + "}}";
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String prefix = "/bot" + token + "/";
            if (!path.startsWith(prefix)) {
                errors.incrementAndGet();
                respond(exchange, 401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
                return;
            }
            String method = path.substring(prefix.length()).toLowerCase(Locale.ROOT);
            calls.computeIfAbsent(method, m -> new LongAdder()).increment();
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            long now = System.nanoTime();
            switch (method) {
                case "getme" -> respond(exchange, 200, "{\"ok\":true,\"result\":" + BOT + "}");
                case "getupdates" -> getUpdates(exchange, body);
                case "sendmessage", "editmessagetext", "sendmessagedraft" -> {
                    long chatId = Long.parseLong(body.path("chat_id").asString());
                    String text = body.path("text").asString("");
                    listener.shown(chatId, method, text, now);
                    if (method.equals("sendmessagedraft")) {
                        respond(exchange, 200, "{\"ok\":true,\"result\":true}");
                    } else {
                        int id = method.equals("sendmessage") ? nextMessageId.incrementAndGet() : body.path("message_id").asInt();
                        respond(exchange, 200, "{\"ok\":true,\"result\":{\"message_id\":" + id + ",\"from\":" + BOT
                                + ",\"chat\":{\"id\":" + chatId + ",\"type\":\"private\",\"first_name\":\"U\"},\"date\":"
                                + System.currentTimeMillis() / 1000 + ",\"text\":" + json.writeValueAsString(text) + "}}");
                    }
                }
                default -> respond(exchange, 200, "{\"ok\":true,\"result\":true}");
            }
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            throw e;
        }
    }

    private void getUpdates(HttpExchange exchange, JsonNode body) throws IOException {
        if (firstPollNanos == 0) {
            firstPollNanos = System.nanoTime();
        }
        long offset = body.path("offset").asLong(0);
        int limit = body.path("limit").asInt(100);
        long deadline = System.currentTimeMillis() + body.path("timeout").asLong(0) * 1000;
        StringBuilder result = new StringBuilder("[");
        synchronized (updates) {
            while (!updates.isEmpty() && Long.parseLong(updates.peekFirst().substring(0, updates.peekFirst().indexOf('\t'))) < offset) {
                updates.pollFirst();
            }
            while (updates.isEmpty() && System.currentTimeMillis() < deadline) {
                try {
                    updates.wait(Math.max(1, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            int n = 0;
            for (String u : updates) {
                if (n++ == limit) {
                    break;
                }
                result.append(n > 1 ? "," : "").append(u, u.indexOf('\t') + 1, u.length());
            }
        }
        respond(exchange, 200, "{\"ok\":true,\"result\":" + result.append(']') + "}");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
