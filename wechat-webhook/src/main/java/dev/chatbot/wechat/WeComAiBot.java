package dev.chatbot.wechat;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.chat.Sender;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.inbox.Arrival;
import dev.chatbot.core.inbox.Inbox;
import dev.chatbot.core.inbox.InboxEvent;
import dev.chatbot.core.reply.PolledReply;
import dev.chatbot.core.reply.ReplyClock;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * GET and POST /webhook/wechat/wecom-bot: a WeCom AI bot (智能机器人) in callback mode. JSON,
 * encrypted with an empty receive id. A user message is answered with a new stream id; WeCom
 * then polls with that id and each poll gets the whole text so far, until finish=true or the
 * platform's 6 minutes are up. Group messages reach the bot only when they @mention it.
 */
public final class WeComAiBot {

    public static final String PLATFORM = "wecom";
    private static final Logger log = LoggerFactory.getLogger(WeComAiBot.class);
    private static final Set<String> MEDIA = Set.of("image", "mixed", "voice", "file", "video");

    private final WxCrypto crypto;
    private final Inbox inbox;
    private final JsonMapper json;
    private final Texts texts;
    private final Duration streamLimit;
    private final int maxBytes;
    private final ReplyClock replyClock;
    private final Clock clock;
    private final ConcurrentMap<String, AiBotStream> streams = new ConcurrentHashMap<>();
    /** A message's stream, so WeCom delivering the same msgid again is shown the same stream. */
    private final ConcurrentMap<String, String> streamOfMessage = new ConcurrentHashMap<>();

    /**
     * @param streamLimit how long WeCom polls a stream (6 minutes from the user's message)
     * @param maxBytes    the most UTF-8 bytes a stream's content may hold (20480)
     */
    public WeComAiBot(WxCrypto crypto, Inbox inbox, JsonMapper json, Texts texts, Duration streamLimit, int maxBytes,
                      ReplyClock replyClock, Clock clock) {
        this.crypto = crypto;
        this.inbox = inbox;
        this.json = json;
        this.texts = texts;
        this.streamLimit = streamLimit;
        this.maxBytes = maxBytes;
        this.replyClock = replyClock;
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
        forgetExpired();
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
                return refresh(required(message.path("stream"), "id"), nonce);
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
        String user = required(message.path("from"), "userid");
        String known = streamOfMessage.get(msgId);
        if (known != null) {
            return refresh(known, nonce);
        }
        boolean group = "group".equals(message.path("chattype").asString(""));
        String chatId = group ? "group:" + required(message, "chatid") : "bot:" + user;
        String text = kind == InboundMessage.Kind.TEXT ? withoutMention(message.path("text").path("content").asString("")) : null;
        if (kind == InboundMessage.Kind.TEXT && text.isBlank()) {
            text = "/help"; // only the @mention: show what the bot can do
        }
        // a WeCom UserID is usually the person's name or its pinyin: good enough to tell speakers apart in a group
        Sender sender = WxInbound.sender(user, user);
        InboundMessage inbound = new InboundMessage(ChatKey.of(PLATFORM, chatId), msgId, sender, text, kind, !group, true, null);
        String streamId = UUID.randomUUID().toString().replace("-", "");
        AiBotStream stream = new AiBotStream(new PolledReply(maxBytes, texts.get(WxInbound.LANGUAGE, "reply.cut")),
                replyClock.nanoTime());
        streams.put(streamId, stream);
        streamOfMessage.put(msgId, streamId);
        Arrival arrival = inbox.receive(new InboxEvent(msgId, "bot:" + plain, inbound, stream));
        switch (arrival.status()) {
            case REFUSED -> {
                forget(streamId, msgId);
                return WxResponse.unavailable();
            }
            case ALREADY_RUNNING, ALREADY_TAKEN -> {
                // answered before, or by another replica, whose stream this one cannot show
                forget(streamId, msgId);
                return WxResponse.empty();
            }
            default -> arrival.answered().whenComplete((ok, error) -> stream.done());
        }
        return streamReply(streamId, stream.poll(), nonce);
    }

    private WxResponse refresh(String streamId, String nonce) {
        AiBotStream stream = streams.get(streamId);
        if (stream == null) {
            // unknown here (finished long ago, or another replica's): end it, so WeCom stops polling
            return streamReply(streamId, new PolledReply.Snapshot("", true), nonce);
        }
        PolledReply.Snapshot snapshot = stream.poll();
        if (!snapshot.finished() && replyClock.nanoTime() - stream.startedNanos() >= streamLimit.toNanos()) {
            snapshot = new PolledReply.Snapshot(snapshot.text(), true); // WeCom stops polling now anyway
        }
        return streamReply(streamId, snapshot, nonce);
    }

    private WxResponse streamReply(String streamId, PolledReply.Snapshot snapshot, String nonce) {
        ObjectNode reply = json.createObjectNode();
        reply.put("msgtype", "stream");
        ObjectNode stream = reply.putObject("stream");
        stream.put("id", streamId);
        stream.put("finish", snapshot.finished());
        stream.put("content", snapshot.text());
        String encrypt = crypto.encrypt(json.writeValueAsString(reply));
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        ObjectNode envelope = json.createObjectNode();
        envelope.put("encrypt", encrypt);
        envelope.put("msgsignature", crypto.sign(timestamp, nonce, encrypt));
        envelope.put("timestamp", Long.parseLong(timestamp));
        envelope.put("nonce", nonce);
        return new WxResponse(200, WxResponse.JSON, json.writeValueAsString(envelope));
    }

    /** Streams WeCom no longer polls: past the platform's limit, with some room for a late poll. */
    private void forgetExpired() {
        long now = replyClock.nanoTime();
        long keep = streamLimit.toNanos() * 2;
        streams.entrySet().removeIf(e -> now - e.getValue().startedNanos() > keep);
        streamOfMessage.values().removeIf(id -> !streams.containsKey(id));
    }

    private void forget(String streamId, String msgId) {
        streams.remove(streamId);
        streamOfMessage.remove(msgId, streamId);
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
