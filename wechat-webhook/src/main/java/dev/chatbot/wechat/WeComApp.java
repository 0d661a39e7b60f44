package dev.chatbot.wechat;

import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.inbox.Arrival;
import dev.chatbot.core.inbox.Inbox;
import dev.chatbot.core.inbox.InboxEvent;
import dev.chatbot.core.reply.ReplyClock;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET and POST /webhook/wechat/wecom: a self-built WeCom app, always encrypted with the corp id
 * as receive id. The answer is the passive reply when ready within the deadline; otherwise WeCom
 * gets an empty 200 at once and the answer follows through message/send.
 */
public final class WeComApp {

    public static final String PLATFORM = "wecom";
    /** Marks the app's records in the "wecom" inbox, which the AI bot shares. */
    public static final String PAYLOAD_PREFIX = "app:";
    private static final Logger log = LoggerFactory.getLogger(WeComApp.class);

    private final WxCrypto crypto;
    private final Duration replyDeadline;
    private final Inbox inbox;
    private final WeComMessages messages;
    private final Texts texts;
    private final ReplyClock replyClock;
    private final Clock clock;
    private final WxMedia media;
    private final PictureUpload pictures;

    public WeComApp(WxCrypto crypto, Duration replyDeadline, Inbox inbox, WeComMessages messages, Texts texts,
                    ReplyClock replyClock, Clock clock) {
        this(crypto, replyDeadline, inbox, messages, texts, replyClock, clock, WxMedia.NONE, null);
    }

    /**
     * @param media    downloads the pictures users send
     * @param pictures uploads the pictures the bot sends
     */
    public WeComApp(WxCrypto crypto, Duration replyDeadline, Inbox inbox, WeComMessages messages, Texts texts,
                    ReplyClock replyClock, Clock clock, WxMedia media, PictureUpload pictures) {
        this.media = media;
        this.pictures = pictures;
        this.crypto = crypto;
        this.replyDeadline = replyDeadline;
        this.inbox = inbox;
        this.messages = messages;
        this.texts = texts;
        this.replyClock = replyClock;
        this.clock = clock;
    }

    public Inbox inbox() {
        return inbox;
    }

    /** A message a previous run received but did not answer: its answer goes out through message/send. */
    public Optional<InboxEvent> replayed(String xml) {
        CallbackMessage message = CallbackMessage.of(SafeXml.fields(xml));
        if (message.kind() == CallbackMessage.Kind.IGNORED_EVENT) {
            return Optional.empty();
        }
        return Optional.of(event(message, xml, PassiveChannel.allLater(late(message.from()), pictures)));
    }

    private InboxEvent event(CallbackMessage message, String xml, PassiveChannel channel) {
        String user = message.from();
        InboundMessage inbound = WxInbound.direct(PLATFORM, user,
                WxInbound.sender(user, texts.get(WxInbound.LANGUAGE, "wechat.friend")), message, media);
        return new InboxEvent(message.deliveryId(), PAYLOAD_PREFIX + xml, inbound, channel);
    }

    private java.util.function.Consumer<WxMessage> late(String user) {
        return answer -> {
            try {
                messages.send(user, answer);
            } catch (RuntimeException e) {
                log.warn("A late WeCom answer could not be delivered: {}", e.getMessage());
            }
        };
    }

    /** The admin console's URL check: the decrypted echostr, exactly, when the signature is right. */
    public WxResponse verifyUrl(Map<String, String> query) {
        String echostr = query.get("echostr");
        if (!crypto.verify(query.get("msg_signature"), query.get("timestamp"), query.get("nonce"), echostr)) {
            log.warn("WeCom app URL check with a wrong msg_signature refused");
            return WxResponse.badSignature();
        }
        try {
            return WxResponse.text(crypto.decrypt(echostr));
        } catch (WxCryptoException e) {
            log.warn("WeCom app URL check refused: {}", e.getMessage());
            return WxResponse.badRequest(e.getMessage());
        }
    }

    public WxResponse receive(Map<String, String> query, String body) throws InterruptedException {
        String nonce = query.get("nonce");
        CallbackMessage message;
        String xml;
        try {
            String encrypt = SafeXml.fields(body).get("Encrypt");
            if (encrypt == null) {
                throw new MalformedCallbackException("no Encrypt");
            }
            if (!crypto.verify(query.get("msg_signature"), query.get("timestamp"), nonce, encrypt)) {
                log.warn("WeCom app message with a wrong msg_signature refused");
                return WxResponse.badSignature();
            }
            xml = crypto.decrypt(encrypt);
            message = CallbackMessage.of(SafeXml.fields(xml));
        } catch (MalformedCallbackException | WxCryptoException e) {
            log.warn("WeCom app callback refused: {}", e.getMessage());
            return WxResponse.badRequest(e.getMessage());
        }
        if (message.kind() == CallbackMessage.Kind.IGNORED_EVENT) {
            return WxResponse.empty(); // enter_agent, view, ...
        }
        String user = message.from();
        PassiveChannel channel = new PassiveChannel(replyDeadline, replyClock, late(user), pictures);
        Arrival arrival = inbox.receive(event(message, xml, channel));
        List<WxMessage> passive = switch (arrival.status()) {
            case REFUSED -> null;
            case ALREADY_RUNNING, ALREADY_TAKEN -> List.of();
            case TAKEN, TAKEN_UNRECORDED -> channel.passiveReply(arrival.answered());
        };
        if (passive == null) {
            return WxResponse.unavailable();
        }
        if (passive.isEmpty()) {
            return WxResponse.empty();
        }
        long now = clock.instant().getEpochSecond();
        String reply = PassiveXml.of(user, message.to(), now, TextParts.firstAndRest(passive, late(user)));
        return new WxResponse(200, WxResponse.XML, PassiveXml.encrypted(crypto, reply, now, nonce));
    }
}
