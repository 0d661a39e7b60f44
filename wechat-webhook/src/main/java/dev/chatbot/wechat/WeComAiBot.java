package dev.chatbot.wechat;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.chat.Sender;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.inbox.Arrival;
import dev.chatbot.core.inbox.Inbox;
import dev.chatbot.core.inbox.InboxEvent;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.core.reply.PolledReply;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * GET and POST /webhook/wechat/wecom-bot: a WeCom AI bot (智能机器人) in callback mode. JSON,
 * encrypted with an empty receive id. A user message is answered with a new stream id; WeCom
 * then polls with that id and each poll gets the whole text so far, until finish=true or the
 * platform's 6 minutes are up. Group messages reach the bot only when they @mention it. The
 * streams live in Redis, so WeCom's polls (and its redeliveries of a message) may reach any
 * replica: each costs one GET.
 */
public final class WeComAiBot {

    public static final String PLATFORM = "wecom";
    /** Marks its records in the "wecom" inbox, which it shares with the WeCom app. */
    public static final String PAYLOAD_PREFIX = "bot:";
    private static final Logger log = LoggerFactory.getLogger(WeComAiBot.class);
    private static final Set<String> MEDIA = Set.of("image", "mixed", "voice", "file", "video");

    private final WxCrypto crypto;
    private final Inbox inbox;
    private final JsonMapper json;
    private final Texts texts;
    private final Duration streamLimit;
    private final int maxBytes;
    private final SharedStreams shared;
    private final RedisKeys keys;
    private final Clock clock;

    /**
     * @param streamLimit how long WeCom polls a stream (6 minutes from the user's message)
     * @param maxBytes    the most UTF-8 bytes a stream's content may hold (20480)
     * @param shared      where the streams live, so a poll reaching any replica shows its stream
     * @param clock       the wall clock: replicas share a stream's start time, and the 6 minutes count from it
     */
    public WeComAiBot(WxCrypto crypto, Inbox inbox, JsonMapper json, Texts texts, Duration streamLimit, int maxBytes,
                      SharedStreams shared, RedisKeys keys, Clock clock) {
        this.crypto = crypto;
        this.inbox = inbox;
        this.json = json;
        this.texts = texts;
        this.streamLimit = streamLimit;
        this.maxBytes = maxBytes;
        this.shared = shared;
        this.keys = keys;
        this.clock = clock;
    }

    public WxResponse verifyUrl(Map<String, String> query) {
        String echostr = query.get("echostr");
        if (!crypto.verify(query.get("msg_signature"), query.get("timestamp"), query.get("nonce"), echostr)) {
            log.warn("WeCom AI bot URL check with a wrong msg_signature refused");
            return WxResponse.badSignature();
        }
        try {
            return WxResponse.text(crypto.decrypt(echostr));
        } catch (WxCryptoException e) {
            log.warn("WeCom AI bot URL check refused: {}", e.getMessage());
            return WxResponse.badRequest(e.getMessage());
        }
    }

    public WxResponse receive(Map<String, String> query, String body) {
        String nonce = query.get("nonce");
        JsonNode message;
        String plain;
        try {
            String encrypt = json.readTree(body).path("encrypt").asString("");
            if (encrypt.isEmpty()) {
                throw new MalformedCallbackException("no encrypt");
            }
            if (!crypto.verify(query.get("msg_signature"), query.get("timestamp"), nonce, encrypt)) {
                log.warn("WeCom AI bot callback with a wrong msg_signature refused");
                return WxResponse.badSignature();
            }
            plain = crypto.decrypt(encrypt);
            message = json.readTree(plain);
            if (!message.isObject()) {
                throw new MalformedCallbackException("not a JSON object");
            }
        } catch (JacksonException e) {
            log.warn("WeCom AI bot callback refused: not JSON");
            return WxResponse.badRequest("not JSON");
        } catch (MalformedCallbackException | WxCryptoException e) {
            log.warn("WeCom AI bot callback refused: {}", e.getMessage());
            return WxResponse.badRequest(e.getMessage());
        }
        String type = message.path("msgtype").asString("");
        try {
            if (type.equals("stream")) {
                return refresh(message, required(message.path("stream"), "id"), nonce);
            }
            if (type.equals("event")) {
                return WxResponse.empty(); // entering the chat, card clicks: nothing to answer yet
            }
            if (type.equals("text")) {
                return start(message, plain, InboundMessage.Kind.TEXT, nonce);
            }
            if (MEDIA.contains(type)) {
                return start(message, plain, InboundMessage.Kind.UNSUPPORTED, nonce);
            }
            throw new MalformedCallbackException("unknown msgtype " + (type.isEmpty() ? "(none)" : type));
        } catch (MalformedCallbackException e) {
            log.warn("WeCom AI bot callback refused: {}", e.getMessage());
            return WxResponse.badRequest(e.getMessage());
        }
    }

    private WxResponse start(JsonNode message, String plain, InboundMessage.Kind kind, String nonce) {
        String msgId = required(message, "msgid");
        ChatKey chat = chatOf(message);
        InboundMessage inbound = inboundOf(message, kind);
        String streamId = streamIdOf(msgId);
        String key = keys.polledAnswer(chat, streamId);
        AiBotStream stream = new AiBotStream(new PolledReply(maxBytes, texts.get(WxInbound.LANGUAGE, "reply.cut")),
                shared, key, clock.millis());
        Arrival arrival = inbox.receive(new InboxEvent(msgId, PAYLOAD_PREFIX + plain, inbound, stream));
        return switch (arrival.status()) {
            case REFUSED -> WxResponse.unavailable();
            // WeCom delivering the message again, to this replica or another: the same stream, as Redis has it
            case ALREADY_RUNNING, ALREADY_TAKEN -> refresh(key, streamId, nonce, arrival.status() == Arrival.Status.ALREADY_RUNNING);
            case TAKEN, TAKEN_UNRECORDED -> {
                // off the completing thread, which may be Redis's own: done() waits for a Redis write
                arrival.answered().whenCompleteAsync((ok, error) -> stream.done(), task -> Thread.ofVirtual().start(task));
                // in Redis before WeCom hears of the stream, so its first poll finds it wherever it lands
                yield streamReply(streamId, stream.shareNow(), List.of(), nonce);
            }
        };
    }

    private InboundMessage inboundOf(JsonNode message, InboundMessage.Kind kind) {
        String user = required(message.path("from"), "userid");
        boolean group = "group".equals(message.path("chattype").asString(""));
        String text = kind == InboundMessage.Kind.TEXT ? withoutMention(message.path("text").path("content").asString("")) : null;
        if (kind == InboundMessage.Kind.TEXT && text.isBlank()) {
            text = "/help"; // only the @mention: show what the bot can do
        }
        // a WeCom UserID is usually the person's name or its pinyin: good enough to tell speakers apart in a group
        Sender sender = WxInbound.sender(user, user);
        return new InboundMessage(chatOf(message), required(message, "msgid"), sender, text, kind, !group, true, null);
    }

    /**
     * A message whose replica died mid-answer, taken up here (the inbox's replay): the answer goes on in
     * the same stream in Redis, under the same stream id, so the user's next refresh poll, wherever it
     * lands, shows it. Empty, and then forgotten, when WeCom polls that stream no more (its minutes are
     * over, it finished, or Redis forgot it): nobody would see the answer.
     *
     * @param plain the decrypted callback, as recorded
     */
    public Optional<InboxEvent> replayed(String plain) {
        JsonNode message = json.readTree(plain);
        InboundMessage.Kind kind = message.path("msgtype").asString("").equals("text")
                ? InboundMessage.Kind.TEXT : InboundMessage.Kind.UNSUPPORTED;
        String msgId = required(message, "msgid");
        String key = keys.polledAnswer(chatOf(message), streamIdOf(msgId));
        Optional<SharedStreams.Stored> stored = shared.load(key);
        if (stored.isEmpty() || stored.get().snapshot().finished()
                || clock.millis() - stored.get().startedMillis() >= streamLimit.toMillis()) {
            log.info("WeCom AI bot message {} is polled no more; not answering it again", msgId);
            return Optional.empty();
        }
        // the start time the dead replica shared: WeCom's minutes count from the user's message
        AiBotStream stream = new AiBotStream(new PolledReply(maxBytes, texts.get(WxInbound.LANGUAGE, "reply.cut")),
                shared, key, stored.get().startedMillis());
        return Optional.of(new InboxEvent(msgId, PAYLOAD_PREFIX + plain, inboundOf(message, kind), stream));
    }

    private WxResponse refresh(JsonNode poll, String streamId, String nonce) {
        return refresh(keys.polledAnswer(chatOf(poll), streamId), streamId, nonce, false);
    }

    /** @param running the answer runs here, so a stream missing in Redis is about to be written, not over */
    private WxResponse refresh(String key, String streamId, String nonce, boolean running) {
        Optional<SharedStreams.Stored> stored;
        try {
            stored = shared.load(key);
        } catch (SharedStreams.Unreadable e) {
            log.warn("WeCom AI bot poll not answered: {}", e.getMessage());
            return WxResponse.unavailable(); // WeCom polls again
        }
        if (stored.isEmpty()) {
            // unknown (finished long ago, or never begun): end it, so WeCom stops polling
            return streamReply(streamId, new PolledReply.Snapshot("", !running), List.of(), nonce);
        }
        PolledReply.Snapshot snapshot = stored.get().snapshot();
        if (!snapshot.finished() && clock.millis() - stored.get().startedMillis() >= streamLimit.toMillis()) {
            snapshot = new PolledReply.Snapshot(snapshot.text(), true); // WeCom stops polling now anyway
        }
        return streamReply(streamId, snapshot, stored.get().pictures(), nonce);
    }

    /**
     * The stream id of a message: the same on every replica and for every delivery of it, so a
     * redelivery is shown the stream already running, and its polls find it in Redis.
     */
    static String streamIdOf(String msgId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(msgId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The chat a message or a poll belongs to: the group, or the one-to-one chat with the user. */
    private static ChatKey chatOf(JsonNode message) {
        boolean group = "group".equals(message.path("chattype").asString(""));
        return ChatKey.of(PLATFORM, group ? "group:" + required(message, "chatid")
                : "bot:" + required(message.path("from"), "userid"));
    }

    /** @param pictures shown (msg_item) on the finishing refresh only, the one WeCom reads them from */
    private WxResponse streamReply(String streamId, PolledReply.Snapshot snapshot, List<StreamPicture> pictures,
                                   String nonce) {
        ObjectNode reply = json.createObjectNode();
        reply.put("msgtype", "stream");
        ObjectNode stream = reply.putObject("stream");
        stream.put("id", streamId);
        stream.put("finish", snapshot.finished());
        stream.put("content", snapshot.text());
        if (snapshot.finished() && !pictures.isEmpty()) {
            ArrayNode items = stream.putArray("msg_item");
            pictures.forEach(p -> items.addObject().put("msgtype", "image").putObject("image")
                    .put("base64", p.base64()).put("md5", p.md5()));
        }
        String encrypt = crypto.encrypt(json.writeValueAsString(reply));
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        ObjectNode envelope = json.createObjectNode();
        envelope.put("encrypt", encrypt);
        envelope.put("msgsignature", crypto.sign(timestamp, nonce, encrypt));
        envelope.put("timestamp", Long.parseLong(timestamp));
        envelope.put("nonce", nonce);
        return new WxResponse(200, WxResponse.JSON, json.writeValueAsString(envelope));
    }

    /** The text without the leading @mention WeCom includes in group messages. */
    static String withoutMention(String content) {
        String text = content.strip();
        while (text.startsWith("@")) {
            int space = text.indexOf(' ');
            int ideographic = text.indexOf('\u2005'); // WeCom puts a four-per-em space after a mention
            int cut = space < 0 ? ideographic : ideographic < 0 ? space : Math.min(space, ideographic);
            if (cut < 0) {
                return "";
            }
            text = text.substring(cut + 1).strip();
        }
        return text;
    }

    private static String required(JsonNode node, String field) {
        String value = node.path(field).asString("");
        if (value.isBlank()) {
            throw new MalformedCallbackException("no " + field);
        }
        return value;
    }
}
