package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.i18n.Texts;
import dev.chatbot.testsupport.Eventually;
import dev.chatbot.testsupport.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A WeChat subscription account (no customer-service API) over HTTP, with WeChat's 5 s and
 * retries shortened: the answer is the passive reply when in time, rides on a retry of the same
 * MsgId when late, and comes with the user's next message when later still. One app for the class;
 * each test has its own user.
 */
class WeChatSubscriptionAccountTests {

    @RegisterExtension
    static final WeChatFixture app = new WeChatFixture().subscriptionAccount().quickRetries().answersSlowlyWhenAsked();
    final Texts texts = new Texts();

    @Test
    void the_url_check_echoes_echostr_when_signed_and_refuses_a_forged_one() throws Exception {
        var ok = app.wechat().mpUrlCheck(null, "echo-1616140317");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("echo-1616140317");
        var forged = app.wechat().mpUrlCheck("0123456789abcdef0123456789abcdef01234567", "echo-x");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.body()).doesNotContain("echo-x");
    }

    @Test
    void a_safe_mode_message_gets_an_encrypted_passive_reply_that_decrypts_to_the_answer() throws Exception {
        var reply = app.wechat().mpSafe(WeChatCallbacks.textXml("o_safe_user", WeChatCallbacks.msgId(), "hello in safe mode"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("<Encrypt>").doesNotContain("hello in safe mode");
        Map<String, String> fields = app.wechat().mpReply(reply);
        assertThat(fields).containsEntry("ToUserName", "o_safe_user").containsEntry("FromUserName", WeChatCallbacks.ACCOUNT)
                .containsEntry("MsgType", "text").containsEntry("Content", "You said: hello in safe mode");
    }

    @Test
    void a_plaintext_message_gets_a_plain_passive_reply() throws Exception {
        var reply = app.wechat().mpPlain(WeChatCallbacks.textXml("o_plain_user", WeChatCallbacks.msgId(), "hello in plain"));
        assertThat(app.wechat().mpReply(reply)).containsEntry("Content", "You said: hello in plain");
    }

    @Test
    void a_forged_signature_is_refused_and_nothing_is_processed() throws Exception {
        var reply = app.wechat().mpSafeForged(WeChatCallbacks.textXml("o_forger", WeChatCallbacks.msgId(), "forged question"));
        assertThat(reply.status()).isEqualTo(401);
        var plain = app.wechat().post("/webhook/wechat/mp", Map.of("signature", "deadbeef", "timestamp", "1", "nonce", "2"),
                WeChatCallbacks.textXml("o_forger", WeChatCallbacks.msgId(), "forged plain question"));
        assertThat(plain.status()).isEqualTo(401);
        // the next genuine message is answered, and the forged ones never reached the model
        assertThat(app.wechat().mpReply(app.wechat().mpSafe(WeChatCallbacks.textXml("o_forger", WeChatCallbacks.msgId(), "genuine"))))
                .containsEntry("Content", "You said: genuine");
        assertThat(app.modelCalls("forged question") + app.modelCalls("forged plain question")).isZero();
    }

    @Test
    void an_xxe_payload_is_refused_in_plain_and_in_safe_mode() throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<xml><ToUserName>a</ToUserName><FromUserName>o_xxe</FromUserName><CreateTime>1</CreateTime>"
                + "<MsgType>text</MsgType><Content>&x;</Content><MsgId>" + WeChatCallbacks.msgId() + "</MsgId></xml>";
        var plain = app.wechat().mpPlain(xxe);
        assertThat(plain.status()).isEqualTo(400);
        assertThat(plain.body()).doesNotContain("root:");
        var safe = app.wechat().mpSafe(xxe);
        assertThat(safe.status()).isEqualTo(400);
        assertThat(safe.body()).doesNotContain("root:");
        assertThat(app.bot.openai.requests()).noneMatch(r -> r.lastUserMessage().contains("root:"));
    }

    @Test
    void malformed_xml_a_missing_field_an_unknown_type_and_an_oversized_body_get_400() throws Exception {
        assertThat(app.wechat().mpPlain("<xml><ToUserName>").status()).isEqualTo(400);
        assertThat(app.wechat().mpPlain(WeChatCallbacks.xml("o_bad", "text", "<MsgId>1</MsgId>")).status()).as("no Content").isEqualTo(400);
        assertThat(app.wechat().mpPlain(WeChatCallbacks.xml("o_bad", "hologram", "<MsgId>2</MsgId>")).status()).isEqualTo(400);
        String huge = WeChatCallbacks.textXml("o_bad", WeChatCallbacks.msgId(), "x".repeat(1024 * 1024));
        assertThat(app.wechat().mpPlain(huge).status()).isEqualTo(400);
    }

    @Test
    void subscribe_gets_the_welcome_media_the_text_only_note_and_unsubscribe_nothing() throws Exception {
        var welcome = app.wechat().mpReply(app.wechat().mpPlain(WeChatCallbacks.xml("o_newcomer", "event", SafeXmlText.event("subscribe"))));
        assertThat(welcome.get("Content")).contains("/help");
        // pictures are read now (WeChatPhotosTests); a video still gets the note on what the bot reads
        var video = app.wechat().mpReply(app.wechat().mpPlain(WeChatCallbacks.xml("o_newcomer", "video",
                "<MediaId><![CDATA[media_v1]]></MediaId><MsgId>" + WeChatCallbacks.msgId() + "</MsgId>")));
        assertThat(video.get("Content")).isEqualTo(texts.get("zh", "unsupported"));
        var bye = app.wechat().mpPlain(WeChatCallbacks.xml("o_newcomer", "event", SafeXmlText.event("unsubscribe")));
        assertThat(bye.body()).isEqualTo("success");
    }

    @Test
    void commands_work_as_text_and_list_in_chinese() throws Exception {
        var help = app.wechat().mpReply(app.wechat().mpPlain(WeChatCallbacks.textXml("o_commander", WeChatCallbacks.msgId(), "/help")));
        assertThat(help.get("Content")).contains("/new", "/model", texts.get("zh", "command.new"));
        var models = app.wechat().mpReply(app.wechat().mpPlain(WeChatCallbacks.textXml("o_commander", WeChatCallbacks.msgId(), "/models")));
        assertThat(models.get("Content")).isNotBlank();
    }

    @Test
    void a_late_answer_rides_on_a_retry_of_the_same_msgid() throws Exception {
        String question = "slow 400 what rides a retry";
        String xml = WeChatCallbacks.textXml("o_retry_rider", WeChatCallbacks.msgId(), question);
        var first = app.wechat().mpSafe(xml);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).as("held until WeChat gives up, so it retries").isEmpty();
        WeChatCallbacks.Reply retry = app.wechat().retriedUntilAnswered(xml);
        assertThat(app.wechat().mpReply(retry)).containsEntry("Content", "Thought long about: " + question);
        assertThat(app.modelCalls(question)).isEqualTo(1);
    }

    @Test
    void three_retries_make_one_model_call_and_past_them_the_answer_comes_with_the_next_message() throws Exception {
        String user = "o_patient_user";
        String question = "slow 1500 what takes longer than every retry";
        String xml = WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), question);
        for (int delivery = 1; delivery <= 3; delivery++) {
            assertThat(app.wechat().mpSafe(xml).body()).as("delivery " + delivery).isEmpty();
        }
        var last = app.wechat().mpReply(app.wechat().mpSafe(xml));
        assertThat(last.get("Content")).isEqualTo(texts.get("zh", "wechat.still.thinking"));
        assertThat(app.modelCalls(question)).isEqualTo(1);

        awaitKeptAnswer(user);
        var next = app.wechat().mpReply(app.wechat().mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "and now?")));
        assertThat(next.get("Content")).isEqualTo("Thought long about: " + question);
        // the next message's own answer waits for the one after it
        awaitKeptAnswer(user);
        var after = app.wechat().mpReply(app.wechat().mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "one more")));
        assertThat(after.get("Content")).isEqualTo("You said: and now?");
        assertThat(app.modelCalls(question)).isEqualTo(1);
    }

    /** Waits until an answer is kept for the user's next message: a positive signal in Redis. */
    void awaitKeptAnswer(String user) {
        RedisClient client = RedisClient.create(TestRedis.url());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            String key = app.bot.prefix + ":{u:wechat:" + user + "}:later";
            Eventually.await("an answer kept for " + user, Duration.ofSeconds(15), () -> redis.sync().exists(key) == 1);
        } finally {
            client.shutdown();
        }
    }

    /** Event XML parts. */
    static final class SafeXmlText {
        static String event(String name) {
            return "<Event><![CDATA[" + name + "]]></Event>";
        }
    }
}
