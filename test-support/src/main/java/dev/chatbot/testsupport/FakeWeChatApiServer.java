package dev.chatbot.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * WeChat's and WeCom's server APIs on loopback, as the bot calls them: the Official Account's
 * token and stable_token, WeCom's gettoken, the customer-service send and WeCom's message/send.
 * Tokens are checked: a call with a token this server did not issue, or one it was told to expire,
 * gets errcode 40001 / 42001 as the real API answers. Every call is kept.
 */
public final class FakeWeChatApiServer implements AutoCloseable {

    /** One call: its path, query and JSON body (empty for a GET), and whether it was accepted (errcode 0). */
    public record Call(String path, Map<String, String> query, JsonNode body, boolean accepted) {

        /** The text content of a send. */
        public String content() {
            return body.path("text").path("content").asString(null);
        }

        public String toUser() {
            return body.path("touser").asString(null);
        }
    }

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    /** The latest token of each account (app id or corp id): fetching a new one invalidates the older. */
    private final Map<String, String> latestToken = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> expired = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Errcodes the next sends get instead of going through, oldest first. */
    private final java.util.Queue<Integer> refusals = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Each account's AppSecret or corp secret, where the test gave one: any other is refused. */
    private final Map<String, String> secrets = new java.util.concurrent.ConcurrentHashMap<>();

    public FakeWeChatApiServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Scheme, host and port: BOT_WECHAT_API_URL and BOT_WECOM_API_URL. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Call> calls(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    /** Customer-service messages (Official Account) and message/send calls (WeCom app) that went through. */
    public List<Call> sent() {
        return calls.stream().filter(c -> c.path().endsWith("/send") && c.accepted()).toList();
    }

    /** How many tokens were issued. */
    public int tokensIssued() {
        return issued.get();
    }

    /**
     * From now on a token is issued to {@code account} (app id or corp id) only for {@code secret}; any
     * other gets WeChat's refusal (40125 invalid appsecret) or WeCom's (40001 invalid credential).
     */
    public void acceptOnlySecret(String account, String secret) {
        secrets.put(account, secret);
    }

    /**
     * The next send (customer service or message/send) with a valid token is refused with one of WeChat's
     * quota errcodes, its errmsg as the real API words it: 45009 (the API's daily quota), 45011 (calls per
     * minute) or 45047 (customer-service messages to this user used up).
     */
    public void refuseNextSend(int errcode) {
        if (!QUOTA_ERRORS.containsKey(errcode)) {
            throw new IllegalArgumentException("not a quota errcode: " + errcode);
        }
        refusals.add(errcode);
    }

    /** Every token issued so far stops working: a call with one gets 42001, as an expired one does. */
    public void expireTokens() {
        expired.addAll(latestToken.values());
    }

    public void await(Duration timeout, String what, Predicate<FakeWeChatApiServer> condition) {
        Eventually.await(what, timeout, () -> condition.test(this), () -> "calls: " + calls);
    }

    private final Map<String, byte[]> pictures = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, String> pictureRedirects = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger nextPicture = new java.util.concurrent.atomic.AtomicInteger();

    /** Keeps a picture a user sent, as WeChat's image host does; returns its PicUrl for the callback. */
    public String picture(byte[] bytes) {
        String path = "/mmbiz_jpg/Q3auHgzwzM" + nextPicture.incrementAndGet() + "/0";
        pictures.put(path, bytes);
        return apiUrl() + path;
    }

    /** A PicUrl that answers with a redirect to {@code target}. */
    public String pictureRedirectingTo(String target) {
        String path = "/mmbiz_jpg/moved" + nextPicture.incrementAndGet() + "/0";
        pictureRedirects.put(path, target);
        return apiUrl() + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String picturePath = exchange.getRequestURI().getPath();
        if (picturePath.startsWith("/mmbiz_jpg/")) {
            try (exchange) {
                calls.add(new Call(picturePath, Map.of(), json.createObjectNode(), true));
                if (pictureRedirects.containsKey(picturePath)) {
                    exchange.getResponseHeaders().set("Location", pictureRedirects.get(picturePath));
                    exchange.sendResponseHeaders(302, -1);
                    return;
                }
                byte[] bytes = pictures.get(picturePath);
                if (bytes == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
            return;
        }
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? json.createObjectNode() : json.readTree(raw);
            String answer = switch (path) {
                case "/cgi-bin/token" -> issue(query.get("appid"), query.get("secret"), WRONG_APPSECRET);
                case "/cgi-bin/stable_token" -> issue(body.path("appid").asString(null), body.path("secret").asString(null),
                        WRONG_APPSECRET);
                case "/cgi-bin/gettoken" -> issue(query.get("corpid"), query.get("corpsecret"), WRONG_CORPSECRET);
                case "/cgi-bin/message/custom/send" -> send(query);
                case "/cgi-bin/message/send" -> send(query).replace("}", ",\"invaliduser\":\"\",\"msgid\":\"m"
                        + calls.size() + "\"}");
                default -> null;
            };
            calls.add(new Call(path, query, body, answer != null && answer.startsWith("{\"errcode\":0")));
            if (answer == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static final String WRONG_APPSECRET = "{\"errcode\":40125,\"errmsg\":\"invalid appsecret, view more at "
            + "http://t.cn/RAEkdVq rid: 6650a8c1-0b1f2c3d-4e5f6a7b\"}";
    private static final String WRONG_CORPSECRET = "{\"errcode\":40001,\"errmsg\":\"invalid credential, more info at "
            + "https://open.work.weixin.qq.com/devtool/query?e=40001\"}";

    private static final Map<Integer, String> QUOTA_ERRORS = Map.of(
            45009, "reach max api daily quota limit rid: 6650a8c1-1a2b3c4d-5e6f7a8b",
            45011, "api minute-quota reach limit  mustslower  retry next minute rid: 6650a8c1-2b3c4d5e-6f7a8b9c",
            45047, "out of response count limit rid: 6650a8c1-3c4d5e6f-7a8b9c0d");

    private String issue(String account, String secret, String wrongSecret) {
        if (account == null || account.isBlank()) {
            return "{\"errcode\":40013,\"errmsg\":\"invalid appid\"}";
        }
        String accepted = secrets.get(account);
        if (accepted != null && !accepted.equals(secret)) {
            return wrongSecret;
        }
        String token = "ACCESS_TOKEN_" + issued.incrementAndGet() + "_fake";
        latestToken.put(account, token);
        return "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"" + token + "\",\"expires_in\":7200}";
    }

    private String send(Map<String, String> query) {
        String token = query.get("access_token");
        if (token == null || !latestToken.containsValue(token)) {
            return "{\"errcode\":40001,\"errmsg\":\"invalid credential, access_token is invalid or not latest\"}";
        }
        if (expired.contains(token)) {
            return "{\"errcode\":42001,\"errmsg\":\"access_token expired\"}";
        }
        Integer refused = refusals.poll();
        if (refused != null) {
            return "{\"errcode\":" + refused + ",\"errmsg\":\"" + QUOTA_ERRORS.get(refused) + "\"}";
        }
        return "{\"errcode\":0,\"errmsg\":\"ok\"}";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    @Override
    public String toString() {
        return "FakeWeChatApiServer" + calls;
    }
}
