package dev.chatbot.app;

import dev.chatbot.wechat.SafeXml;
import dev.chatbot.wechat.WxCrypto;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * WeChat's side of the callbacks, as its servers make them: signed (and encrypted) requests to the
 * bot's endpoints, and the replies read back. The crypto is the adapter's own, proven on the
 * official vectors in its module.
 */
final class WeChatCallbacks {

    static final String MP_TOKEN = "mpToken123";
    static final String MP_APP_ID = "wx0123456789abcdef";
    static final String MP_AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String ACCOUNT = "gh_test_account";
    static final String CORP_ID = "ww_test_corp";
    static final String WECOM_TOKEN = "QDG6eK";
    static final String WECOM_AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    static final String BOT_TOKEN = "botToken456";
    static final String BOT_AES_KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq";

    record Reply(int status, String body) {
    }

    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final int port;
    final WxCrypto mp = new WxCrypto(MP_TOKEN, MP_AES_KEY, MP_APP_ID);
    final WxCrypto wecom = new WxCrypto(WECOM_TOKEN, WECOM_AES_KEY, CORP_ID);
    final WxCrypto bot = new WxCrypto(BOT_TOKEN, BOT_AES_KEY, "");

    WeChatCallbacks(int port) {
        this.port = port;
    }

    /** A fresh MsgId. */
    static String msgId() {
        return Long.toString(IDS.incrementAndGet());
    }

    static String textXml(String openId, String msgId, String text) {
        return "<xml>" + SafeXml.cdata("ToUserName", ACCOUNT) + SafeXml.cdata("FromUserName", openId)
                + "<CreateTime>1700000000</CreateTime>" + SafeXml.cdata("MsgType", "text")
                + SafeXml.cdata("Content", text) + "<MsgId>" + msgId + "</MsgId></xml>";
    }

    static String xml(String openId, String msgType, String extra) {
        return "<xml>" + SafeXml.cdata("ToUserName", ACCOUNT) + SafeXml.cdata("FromUserName", openId)
                + "<CreateTime>" + IDS.incrementAndGet() + "</CreateTime>" + SafeXml.cdata("MsgType", msgType) + extra + "</xml>";
    }

    // ---- Official Account

    /** Plaintext mode: the XML as is, with the plain signature. */
    Reply mpPlain(String xml) throws Exception {
        Map<String, String> q = signedPlain();
        return post("/webhook/wechat/mp", q, xml);
    }

    /** Safe mode: the XML encrypted in an envelope, with msg_signature. */
    Reply mpSafe(String xml) throws Exception {
        Map<String, String> q = signedPlain();
        String encrypt = mp.encrypt(xml);
        q.put("encrypt_type", "aes");
        q.put("msg_signature", mp.sign(q.get("timestamp"), q.get("nonce"), encrypt));
        return post("/webhook/wechat/mp", q, "<xml>" + SafeXml.cdata("ToUserName", ACCOUNT) + SafeXml.cdata("Encrypt", encrypt) + "</xml>");
    }

    /** Safe mode with a signature made with the wrong token. */
    Reply mpSafeForged(String xml) throws Exception {
        Map<String, String> q = signedPlain();
        String encrypt = mp.encrypt(xml);
        q.put("encrypt_type", "aes");
        q.put("msg_signature", WxCrypto.signature("not-the-token", q.get("timestamp"), q.get("nonce"), encrypt));
        return post("/webhook/wechat/mp", q, "<xml>" + SafeXml.cdata("Encrypt", encrypt) + "</xml>");
    }

    Reply mpUrlCheck(String signature, String echostr) throws Exception {
        Map<String, String> q = signedPlain();
        if (signature != null) {
            q.put("signature", signature);
        }
        q.put("echostr", echostr);
        return get("/webhook/wechat/mp", q);
    }

    /** The fields of a passive reply, decrypted and its signature checked when it is encrypted. */
    Map<String, String> mpReply(Reply reply) {
        return open(mp, reply);
    }

    private Map<String, String> signedPlain() {
        Map<String, String> q = new LinkedHashMap<>();
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = Long.toString(IDS.incrementAndGet());
        q.put("signature", WxCrypto.signature(MP_TOKEN, ts, nonce));
        q.put("timestamp", ts);
        q.put("nonce", nonce);
        q.put("openid", "ignored");
        return q;
    }

    // ---- WeCom app

    Reply weComApp(String xml) throws Exception {
        String encrypt = wecom.encrypt(xml);
        Map<String, String> q = signed(wecom, encrypt);
        return post("/webhook/wechat/wecom", q, "<xml>" + SafeXml.cdata("ToUserName", CORP_ID)
                + "<AgentID>1000002</AgentID>" + SafeXml.cdata("Encrypt", encrypt) + "</xml>");
    }

    Reply weComUrlCheck(String plain) throws Exception {
        String echostr = wecom.encrypt(plain);
        Map<String, String> q = signed(wecom, echostr);
        q.put("echostr", echostr);
        return get("/webhook/wechat/wecom", q);
    }

    Map<String, String> weComReply(Reply reply) {
        return open(wecom, reply);
    }

    // ---- WeCom AI bot

    Reply aiBot(String plainJson) throws Exception {
        String encrypt = bot.encrypt(plainJson);
        Map<String, String> q = signed(bot, encrypt);
        return post("/webhook/wechat/wecom-bot", q, json.writeValueAsString(Map.of("encrypt", encrypt)));
    }

    Reply aiBotRaw(Map<String, String> query, String body) throws Exception {
        return post("/webhook/wechat/wecom-bot", query, body);
    }

    /**
     * A user's text to the AI bot, with a fresh msgid: in a one-to-one chat when {@code groupChatId} is null,
     * else in that group (where WeCom passes on only messages that @mention the bot).
     */
    static String aiBotText(String user, String groupChatId, String content) {
        return "{\"msgid\":\"aibot-" + msgId() + "\",\"aibotid\":\"AIBOTID\"," + chat(user, groupChatId)
                + ",\"response_url\":\"http://example.invalid\",\"msgtype\":\"text\",\"text\":{\"content\":\""
                + content + "\"}}";
    }

    /** WeCom's refresh poll of a stream, from the chat the message came from. */
    static String aiBotPoll(String user, String groupChatId, String streamId) {
        return "{\"msgid\":\"poll-" + msgId() + "\",\"aibotid\":\"AIBOTID\"," + chat(user, groupChatId)
                + ",\"msgtype\":\"stream\",\"stream\":{\"id\":\"" + streamId + "\"}}";
    }

    private static String chat(String user, String groupChatId) {
        return (groupChatId == null ? "\"chattype\":\"single\"" : "\"chatid\":\"" + groupChatId + "\",\"chattype\":\"group\"")
                + ",\"from\":{\"userid\":\"" + user + "\"}";
    }

    /**
     * Refresh polls at WeCom's pace until one shows the stream finished or {@code within} passes: the
     * stream of every refresh, oldest first (the last one finished, unless time ran out).
     */
    List<JsonNode> refreshUntilFinished(String poll, Duration within) throws Exception {
        List<JsonNode> refreshes = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        do {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(60).toNanos()); // WeCom's pace of polls
            refreshes.add(aiBotReply(aiBot(poll)).path("stream"));
        } while (!refreshes.getLast().path("finish").asBoolean() && System.nanoTime() < deadline);
        return refreshes;
    }

    /**
     * WeChat's retries of an Official Account message whose first delivery got no reply: up to three,
     * until one gets a reply; the last reply.
     */
    Reply retriedUntilAnswered(String xml) throws Exception {
        Reply retry = null;
        for (int delivery = 2; delivery <= 4; delivery++) {
            retry = mpSafe(xml);
            if (!retry.body().isEmpty()) {
                break;
            }
        }
        return retry;
    }

    Map<String, String> signedBot(String encrypt) {
        return signed(bot, encrypt);
    }

    /** The decrypted stream reply, its signature checked. */
    JsonNode aiBotReply(Reply reply) {
        JsonNode envelope = json.readTree(reply.body());
        String encrypt = envelope.path("encrypt").asString();
        if (!bot.verify(envelope.path("msgsignature").asString(), envelope.path("timestamp").asString(),
                envelope.path("nonce").asString(), encrypt)) {
            throw new AssertionError("the reply's msgsignature does not verify: " + reply.body());
        }
        return json.readTree(bot.decrypt(encrypt));
    }

    private Map<String, String> signed(WxCrypto crypto, String encrypt) {
        Map<String, String> q = new LinkedHashMap<>();
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = Long.toString(IDS.incrementAndGet());
        q.put("msg_signature", crypto.sign(ts, nonce, encrypt));
        q.put("timestamp", ts);
        q.put("nonce", nonce);
        return q;
    }

    private Map<String, String> open(WxCrypto crypto, Reply reply) {
        return SafeXml.fields(openXml(crypto, reply));
    }

    /** The passive reply's XML as WeChat reads it: decrypted, its signature checked, when it is encrypted. */
    String mpReplyXml(Reply reply) {
        return openXml(mp, reply);
    }

    String weComReplyXml(Reply reply) {
        return openXml(wecom, reply);
    }

    private static String openXml(WxCrypto crypto, Reply reply) {
        if (reply.status() != 200) {
            throw new AssertionError("not a reply: " + reply);
        }
        Map<String, String> fields = SafeXml.fields(reply.body());
        String encrypt = fields.get("Encrypt");
        if (encrypt == null) {
            return reply.body();
        }
        if (!crypto.verify(fields.get("MsgSignature"), fields.get("TimeStamp"), fields.get("Nonce"), encrypt)) {
            throw new AssertionError("the reply's MsgSignature does not verify: " + reply.body());
        }
        return crypto.decrypt(encrypt);
    }

    Reply post(String path, Map<String, String> query, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path, query))
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(response.statusCode(), response.body());
    }

    Reply get(String path, Map<String, String> query) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path, query)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(response.statusCode(), response.body());
    }

    private URI uri(String path, Map<String, String> query) {
        String q = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return URI.create("http://127.0.0.1:" + port + path + "?" + q);
    }
}
