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
import tools.jackson.databind.node.ObjectNode;

/**
 * WeChat's and WeCom's server APIs on loopback, as the bot calls them: the Official Account's
 * token and stable_token, WeCom's gettoken, the customer-service send and WeCom's message/send (text
 * and image messages), and media/upload (temporary media, multipart). Tokens are checked: a call with
 * a token this server did not issue, or one it was told to expire, gets errcode 40001 / 42001 as the
 * real API answers. Every call is kept, and every uploaded file.
 */
public final class FakeWeChatApiServer implements AutoCloseable {

    /** One call: its path, query and JSON body (empty for a GET), and whether it was accepted (errcode 0). */
    public record Call(String path, Map<String, String> query, JsonNode body, boolean accepted) {

        /** The text content of a send. */
        public String content() {
            return body.path("text").path("content").asString(null);
        }

        /** The media_id of an image message. */
        public String mediaId() {
            return body.path("image").path("media_id").asString(null);
        }

        public String msgType() {
            return body.path("msgtype").asString(null);
        }

        public String toUser() {
            return body.path("touser").asString(null);
        }
    }

    /**
     * A file media/upload took: the form's file name and Content-Type, the bytes, and the media_id it answered.
     *
     * @param platform "wechat" for an Official Account's token, "wecom" for a WeCom app's
     */
    public record Upload(String mediaId, String platform, String type, String fileName, String contentType, byte[] bytes) {
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
    /** Which platform issued each token: "wechat" or "wecom". */
    private final Map<String, String> tokenPlatforms = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    /** Errcodes the next uploads get instead of going through, oldest first. */
    private final java.util.Queue<Integer> uploadRefusals = new java.util.concurrent.ConcurrentLinkedQueue<>();

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

    /** Every file media/upload took, oldest first. */
    public List<Upload> uploads() {
        return List.copyOf(uploads);
    }

    /** The upload that answered {@code mediaId}. */
    public Upload upload(String mediaId) {
        return uploads.stream().filter(u -> u.mediaId().equals(mediaId)).findFirst()
                .orElseThrow(() -> new AssertionError("no upload answered media_id " + mediaId + ": " + uploads));
    }

    /**
     * The next upload with a valid token is refused with one of media/upload's errcodes, worded as the real
     * API words it: 40004 (invalid media type), 40005 (invalid file type) or 40009 (invalid image size).
     */
    public void refuseNextUpload(int errcode) {
        if (!UPLOAD_ERRORS.containsKey(errcode)) {
            throw new IllegalArgumentException("not an upload errcode: " + errcode);
        }
        uploadRefusals.add(errcode);
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
            if (path.equals("/cgi-bin/media/upload")) {
                String answer = upload(query, exchange.getRequestHeaders().getFirst("Content-Type"), raw);
                JsonNode answered = json.readTree(answer);
                ObjectNode described = json.createObjectNode();
                described.put("bytes", raw.length);
                calls.add(new Call(path, query, described, answered.path("errcode").asInt(0) == 0));
                respond(exchange, answer);
                return;
            }
            JsonNode body = raw.length == 0 ? json.createObjectNode() : json.readTree(raw);
            String answer = switch (path) {
                case "/cgi-bin/token" -> issue(query.get("appid"), query.get("secret"), WRONG_APPSECRET, "wechat");
                case "/cgi-bin/stable_token" -> issue(body.path("appid").asString(null), body.path("secret").asString(null),
                        WRONG_APPSECRET, "wechat");
                case "/cgi-bin/gettoken" -> issue(query.get("corpid"), query.get("corpsecret"), WRONG_CORPSECRET, "wecom");
                case "/cgi-bin/message/custom/send" -> send(query, body);
                case "/cgi-bin/message/send" -> send(query, body).replace("}", ",\"invaliduser\":\"\",\"msgid\":\"m"
                        + calls.size() + "\"}");
                default -> null;
            };
            calls.add(new Call(path, query, body, answer != null && answer.startsWith("{\"errcode\":0")));
            if (answer == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            respond(exchange, answer);
        }
    }

    private static void respond(HttpExchange exchange, String answer) throws IOException {
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The Official Account's limit for an image, and WeCom's. */
    private static final Map<String, Integer> IMAGE_LIMITS = Map.of("wechat", 2 * 1024 * 1024, "wecom", 10 * 1024 * 1024);

    private static final Map<Integer, String> UPLOAD_ERRORS = Map.of(
            40004, "invalid media type",
            40005, "invalid file type",
            40009, "invalid image size");

    /**
     * POST media/upload?type=image: the file in form field "media", a PNG or JPEG by its bytes, within the
     * platform's size. The Official Account answers without errcode, WeCom with errcode 0 and created_at as a string.
     */
    private String upload(Map<String, String> query, String contentType, byte[] raw) {
        String refusedToken = tokenProblem(query);
        if (refusedToken != null) {
            return refusedToken;
        }
        String platform = tokenPlatforms.get(query.get("access_token"));
        if (!"image".equals(query.get("type"))) {
            return refusal(40004, UPLOAD_ERRORS);
        }
        java.util.regex.Matcher boundary = contentType == null ? null
                : java.util.regex.Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
        if (boundary == null || !contentType.startsWith("multipart/form-data") || !boundary.find()) {
            return "{\"errcode\":41005,\"errmsg\":\"media data missing\"}";
        }
        Map<String, byte[]> parts = new HashMap<>();
        Map<String, String> fileNames = new HashMap<>();
        Map<String, String> contentTypes = new HashMap<>();
        try {
            Multipart.parse(raw, boundary.group(1), parts, fileNames, contentTypes);
        } catch (RuntimeException e) {
            return "{\"errcode\":41005,\"errmsg\":\"media data missing\"}";
        }
        byte[] file = parts.get("media");
        if (file == null || !fileNames.containsKey("media")) {
            return "{\"errcode\":41005,\"errmsg\":\"media data missing\"}";
        }
        Integer refused = uploadRefusals.poll();
        if (refused != null) {
            return refusal(refused, UPLOAD_ERRORS);
        }
        boolean png = file.length > 8 && (file[0] & 0xff) == 0x89 && file[1] == 'P' && file[2] == 'N' && file[3] == 'G';
        boolean jpeg = file.length > 3 && (file[0] & 0xff) == 0xFF && (file[1] & 0xff) == 0xD8 && (file[2] & 0xff) == 0xFF;
        if (!png && !jpeg) {
            return refusal(40005, UPLOAD_ERRORS);
        }
        if (file.length > IMAGE_LIMITS.get(platform)) {
            return refusal(40009, UPLOAD_ERRORS);
        }
        String mediaId = "MEDIA_" + java.util.UUID.randomUUID().toString().replace("-", "");
        uploads.add(new Upload(mediaId, platform, query.get("type"), fileNames.get("media"), contentTypes.get("media"), file));
        long created = System.currentTimeMillis() / 1000;
        return platform.equals("wecom")
                ? "{\"errcode\":0,\"errmsg\":\"ok\",\"type\":\"image\",\"media_id\":\"" + mediaId
                        + "\",\"created_at\":\"" + created + "\"}"
                : "{\"type\":\"image\",\"media_id\":\"" + mediaId + "\",\"created_at\":" + created + "}";
    }

    private static String refusal(int errcode, Map<Integer, String> errmsgs) {
        return "{\"errcode\":" + errcode + ",\"errmsg\":\"" + errmsgs.get(errcode) + "\"}";
    }

    private static final String WRONG_APPSECRET = "{\"errcode\":40125,\"errmsg\":\"invalid appsecret, view more at "
            + "http://t.cn/RAEkdVq rid: 6650a8c1-0b1f2c3d-4e5f6a7b\"}";
    private static final String WRONG_CORPSECRET = "{\"errcode\":40001,\"errmsg\":\"invalid credential, more info at "
            + "https://open.work.weixin.qq.com/devtool/query?e=40001\"}";

    private static final Map<Integer, String> QUOTA_ERRORS = Map.of(
            45009, "reach max api daily quota limit rid: 6650a8c1-1a2b3c4d-5e6f7a8b",
            45011, "api minute-quota reach limit  mustslower  retry next minute rid: 6650a8c1-2b3c4d5e-6f7a8b9c",
            45047, "out of response count limit rid: 6650a8c1-3c4d5e6f-7a8b9c0d");

    private String issue(String account, String secret, String wrongSecret, String platform) {
        if (account == null || account.isBlank()) {
            return "{\"errcode\":40013,\"errmsg\":\"invalid appid\"}";
        }
        String accepted = secrets.get(account);
        if (accepted != null && !accepted.equals(secret)) {
            return wrongSecret;
        }
        String token = "ACCESS_TOKEN_" + issued.incrementAndGet() + "_fake";
        latestToken.put(account, token);
        tokenPlatforms.put(token, platform);
        return "{\"errcode\":0,\"errmsg\":\"ok\",\"access_token\":\"" + token + "\",\"expires_in\":7200}";
    }

    /** A text message needs its content; an image message a media_id this server's media/upload answered. */
    private String send(Map<String, String> query, JsonNode body) {
        String refusedToken = tokenProblem(query);
        if (refusedToken != null) {
            return refusedToken;
        }
        Integer refused = refusals.poll();
        if (refused != null) {
            return refusal(refused, QUOTA_ERRORS);
        }
        String msgType = body.path("msgtype").asString("");
        if (msgType.equals("image")) {
            String mediaId = body.path("image").path("media_id").asString("");
            if (uploads.stream().noneMatch(u -> u.mediaId().equals(mediaId))) {
                return "{\"errcode\":40007,\"errmsg\":\"invalid media_id\"}";
            }
        } else if (!msgType.equals("text") || body.path("text").path("content").asString("").isEmpty()) {
            return "{\"errcode\":40008,\"errmsg\":\"invalid message type\"}";
        }
        return "{\"errcode\":0,\"errmsg\":\"ok\"}";
    }

    /** WeChat's answer to a call whose token it did not issue or has expired; null for a good token. */
    private String tokenProblem(Map<String, String> query) {
        String token = query.get("access_token");
        if (token == null || !latestToken.containsValue(token)) {
            return "{\"errcode\":40001,\"errmsg\":\"invalid credential, access_token is invalid or not latest\"}";
        }
        if (expired.contains(token)) {
            return "{\"errcode\":42001,\"errmsg\":\"access_token expired\"}";
        }
        return null;
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
