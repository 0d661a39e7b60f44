package dev.chatbot.wechat;

import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.inbox.Arrival;
import dev.chatbot.core.inbox.Inbox;
import dev.chatbot.core.inbox.InboxEvent;
import dev.chatbot.core.reply.ReplyClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET and POST /webhook/wechat/mp: a WeChat Official Account in plaintext, compatible or safe
 * mode. WeChat waits 5 s for a reply, and then retries the same MsgId three times. An answer
 * ready within the deadline is the passive reply. A later one, on a verified service account,
 * goes out through the customer-service API after a "success" (what WeChat refuses for a quota waits
 * for the user's next message, as below); on a subscription account, which
 * has no such API, it rides on one of WeChat's retries (the request is held until WeChat gives up
 * on it, so WeChat retries) or, past the last retry, on the user's next message.
 */
public final class OfficialAccount {

    public static final String PLATFORM = "wechat";
    private static final Logger log = LoggerFactory.getLogger(OfficialAccount.class);
    /** How often a retry reaching a replica that is not writing the answer looks for it in Redis. */
    private static final Duration KEPT_POLL = Duration.ofMillis(200);

    /**
     * @param aesKey           the EncodingAESKey; null in plaintext mode
     * @param customerService  a verified service account: late answers go through the customer-service API
     * @param replyDeadline    how long a request waits for the answer (WeChat waits 5 s)
     * @param platformTimeout  how long WeChat waits before it retries: a held request is let go after it
     * @param retries          how many times WeChat retries a message it got no reply to
     */
    public record Settings(String token, String appId, String aesKey, boolean customerService,
                           Duration replyDeadline, Duration platformTimeout, int retries) {
    }

    private final Settings settings;
    private final WxCrypto crypto;
    private final Inbox inbox;
    private final LaterAnswers laterAnswers;
    private final Deliveries deliveries;
    private final MpCustomerService customerService;
    private final Texts texts;
    private final ReplyClock replyClock;
    private final Clock clock;
    private final WxMedia media;
    private final PictureUpload pictures;

    /** @param customerService null for a subscription account */
    public OfficialAccount(Settings settings, Inbox inbox, LaterAnswers laterAnswers, Deliveries deliveries,
                           MpCustomerService customerService, Texts texts, ReplyClock replyClock, Clock clock) {
        this(settings, inbox, laterAnswers, deliveries, customerService, texts, replyClock, clock, WxMedia.NONE, null);
    }

    /**
     * @param media    downloads the pictures users send
     * @param pictures uploads the pictures the bot sends; null without the AppSecret (no pictures then)
     */
    public OfficialAccount(Settings settings, Inbox inbox, LaterAnswers laterAnswers, Deliveries deliveries,
                           MpCustomerService customerService, Texts texts, ReplyClock replyClock, Clock clock,
                           WxMedia media, PictureUpload pictures) {
        this.media = media;
        this.pictures = pictures;
        this.settings = settings;
        this.crypto = settings.aesKey() == null || settings.aesKey().isBlank() ? null
                : new WxCrypto(settings.token(), settings.aesKey(), settings.appId());
        this.inbox = inbox;
        this.laterAnswers = laterAnswers;
        this.deliveries = deliveries;
        this.customerService = customerService;
        this.texts = texts;
        this.replyClock = replyClock;
        this.clock = clock;
    }

    public Inbox inbox() {
        return inbox;
    }

    /**
     * A message a previous run received but did not answer: WeChat's request is long gone, so its
     * answer goes out late (customer service, or kept for the user's next message).
     */
    public Optional<InboxEvent> replayed(String xml) {
        CallbackMessage message = CallbackMessage.of(SafeXml.fields(xml));
        if (message.kind() == CallbackMessage.Kind.IGNORED_EVENT) {
            return Optional.empty();
        }
        String user = message.from();
        PassiveChannel channel = PassiveChannel.allLater(customerService != null
                ? viaCustomerService(user) : late(answer -> laterAnswers.keep(user, answer)), pictures);
        return Optional.of(event(message, xml, channel));
    }

    /** The admin console's URL check: echostr back when the signature is right. */
    public WxResponse verifyUrl(Map<String, String> query) {
        if (!WxCrypto.matches(query.get("signature"), settings.token(), query.get("timestamp"), query.get("nonce"))) {
            log.warn("WeChat Official Account URL check with a wrong signature refused");
            return WxResponse.badSignature();
        }
        String echostr = query.get("echostr");
        return echostr == null ? WxResponse.badRequest("no echostr") : WxResponse.text(echostr);
    }

    public WxResponse receive(Map<String, String> query, String body) throws InterruptedException {
        long arrived = replyClock.nanoTime();
        String timestamp = query.get("timestamp");
        String nonce = query.get("nonce");
        boolean encrypted = "aes".equalsIgnoreCase(query.get("encrypt_type"));
        CallbackMessage message;
        String xml;
        try {
            if (encrypted) {
                if (crypto == null) {
                    log.warn("WeChat sent a safe-mode message, but BOT_WECHAT_MP_AES_KEY is not set");
                    return WxResponse.badRequest("safe mode needs the EncodingAESKey");
                }
                String encrypt = SafeXml.fields(body).get("Encrypt");
                if (encrypt == null) {
                    throw new MalformedCallbackException("no Encrypt");
                }
                if (!crypto.verify(query.get("msg_signature"), timestamp, nonce, encrypt)) {
                    log.warn("WeChat Official Account message with a wrong msg_signature refused");
                    return WxResponse.badSignature();
                }
                xml = crypto.decrypt(encrypt);
            } else {
                if (!WxCrypto.matches(query.get("signature"), settings.token(), timestamp, nonce)) {
                    log.warn("WeChat Official Account message with a wrong signature refused");
                    return WxResponse.badSignature();
                }
                xml = body;
            }
            message = CallbackMessage.of(SafeXml.fields(xml));
        } catch (MalformedCallbackException | WxCryptoException e) {
            log.warn("WeChat Official Account callback refused: {}", e.getMessage());
            return WxResponse.badRequest(e.getMessage());
        }
        if (message.kind() == CallbackMessage.Kind.IGNORED_EVENT) {
            return WxResponse.success(); // unsubscribe, menu views, ...: nothing to say
        }
        List<WxMessage> passive = customerService != null ? asServiceAccount(message, xml)
                : asSubscriptionAccount(message, xml, arrived);
        if (passive == null) {
            return WxResponse.unavailable();
        }
        if (passive.isEmpty()) {
            return customerService != null ? WxResponse.success() : WxResponse.empty();
        }
        long now = clock.instant().getEpochSecond();
        String user = message.from();
        WxMessage first;
        if (customerService != null) {
            first = TextParts.firstAndRest(passive, viaCustomerService(user));
        } else {
            // one message per reply: the rest waits for the user's next request, before anything kept since
            first = passive.getFirst();
            laterAnswers.putBack(user, passive.subList(1, passive.size()));
        }
        String reply = PassiveXml.of(user, message.to(), now, first);
        return new WxResponse(200, WxResponse.XML, encrypted ? PassiveXml.encrypted(crypto, reply, now, nonce) : reply);
    }

    /** The passive reply, empty for "success", null when the inbox is not taking messages. */
    private List<WxMessage> asServiceAccount(CallbackMessage message, String xml) throws InterruptedException {
        String user = message.from();
        PassiveChannel channel = new PassiveChannel(settings.replyDeadline(), replyClock, viaCustomerService(user), pictures);
        Arrival arrival = inbox.receive(event(message, xml, channel));
        return switch (arrival.status()) {
            case REFUSED -> null;
            // a retry of a message whose reply was late anyway: its answer goes through customer service
            case ALREADY_RUNNING, ALREADY_TAKEN -> List.of();
            case TAKEN, TAKEN_UNRECORDED -> {
                // an earlier answer WeChat refused to take as customer-service messages comes first
                List<WxMessage> answers = new ArrayList<>(laterAnswers.take(user));
                answers.addAll(channel.passiveReply(arrival.answered()));
                yield WxMessage.joined(answers);
            }
        };
    }

    private List<WxMessage> asSubscriptionAccount(CallbackMessage message, String xml, long arrived) throws InterruptedException {
        String user = message.from();
        long delivery = deliveries.count(message.deliveryId());
        boolean lastChance = delivery > settings.retries();
        Consumer<WxMessage> keep = late(answer -> laterAnswers.keep(user, answer));
        // an answer the user has not seen yet takes this request's reply; this message's own answer is kept in turn
        List<WxMessage> kept = delivery == 1 ? laterAnswers.take(user) : List.of();
        if (kept.size() > 1) {
            // one message per reply: the others stay in front of this message's own answer
            laterAnswers.putBack(user, kept.subList(1, kept.size()));
            kept = List.of(kept.getFirst());
        }
        PassiveChannel channel = !kept.isEmpty() ? PassiveChannel.allLater(keep, pictures)
                : new PassiveChannel(settings.replyDeadline(), replyClock, keep, pictures);
        Arrival arrival = inbox.receive(event(message, xml, channel));
        if (arrival.status() == Arrival.Status.REFUSED) {
            laterAnswers.putBack(user, kept);
            return null;
        }
        if (!kept.isEmpty()) {
            return kept;
        }
        List<WxMessage> answer;
        if (arrival.status() == Arrival.Status.TAKEN || arrival.status() == Arrival.Status.TAKEN_UNRECORDED) {
            answer = channel.passiveReply(arrival.answered());
        } else {
            // WeChat's retry: wait for the answer already running, which keeps itself for this very request
            answer = waitForKept(arrival, user, arrived);
        }
        if (!answer.isEmpty()) {
            return answer;
        }
        if (lastChance) {
            return List.of(new WxMessage.Text(texts.get(WxInbound.LANGUAGE, "wechat.still.thinking")));
        }
        // held until WeChat stops waiting, so it retries: an empty reply now would tell it not to
        long left = arrived + settings.platformTimeout().toNanos() - replyClock.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
        return List.of();
    }

    /**
     * The answer kept for the user, waited for until the deadline: here through the running answer's
     * future; when another replica is writing it (or it is done), by looking in Redis now and then.
     */
    private List<WxMessage> waitForKept(Arrival arrival, String user, long arrived) throws InterruptedException {
        long deadline = arrived + settings.replyDeadline().toNanos();
        if (arrival.status() == Arrival.Status.ALREADY_RUNNING) {
            long left = deadline - replyClock.nanoTime();
            if (left > 0) {
                try {
                    arrival.answered().get(left, TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // not ready for this delivery
                }
            }
            return laterAnswers.take(user);
        }
        while (true) {
            List<WxMessage> kept = laterAnswers.take(user);
            long left = deadline - replyClock.nanoTime();
            if (!kept.isEmpty() || left <= 0) {
                return kept;
            }
            Thread.sleep(Duration.ofNanos(Math.min(left, KEPT_POLL.toNanos())));
        }
    }

    /** The decrypted XML is the payload: what a restart needs to answer it again. */
    private InboxEvent event(CallbackMessage message, String xml, PassiveChannel channel) {
        String name = texts.get(WxInbound.LANGUAGE, "wechat.friend");
        InboundMessage inbound = WxInbound.direct(PLATFORM, message.from(), WxInbound.sender(message.from(), name),
                message, media);
        return new InboxEvent(message.deliveryId(), xml, inbound, channel);
    }

    /**
     * A service account's late answer: customer-service messages. What WeChat refuses for a quota
     * (45047: this user's five messages are spent; 45009: the account's daily calls) is kept, as a
     * subscription account keeps its late answers, and is the passive reply to the user's next message.
     */
    private Consumer<WxMessage> viaCustomerService(String user) {
        return late(answer -> customerService.send(user, answer).ifPresent(refused -> {
            log.info("WeChat refused a customer-service message for its quota; the answer waits for the user's next message");
            laterAnswers.keep(user, refused);
        }));
    }

    /** A late answer's delivery, which logs rather than throws: the turn has nowhere to show a failure. */
    private static Consumer<WxMessage> late(Consumer<WxMessage> deliver) {
        return answer -> {
            try {
                deliver.accept(answer);
            } catch (RuntimeException e) {
                log.warn("A late WeChat answer could not be delivered: {}", e.getMessage());
            }
        };
    }
}
