package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeWeChatApiServer;
import dev.chatbot.testsupport.TestPictures;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * /image on WeChat through the whole app: the fake OpenAI draws, the picture is uploaded to the fake
 * WeChat API's media/upload (multipart, field "media") and goes out by its media_id: as the passive
 * reply when in time, else as a customer-service image message (service account), message/send
 * (WeCom app) or on WeChat's retry (subscription account); on the WeCom AI bot, in the finishing
 * refresh's msg_item. A prompt with "slowly" in it takes the fake model 2.5 s, past the reply deadline.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WeChatImageTests {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String ADMIN = "o_image_admin";

    final FakeWeChatApiServer wechatApi = new FakeWeChatApiServer();
    RunningBot bot;
    WeChatCallbacks wechat;

    @BeforeAll
    void start() {
        bot = new RunningBot()
                .with("bot.admins", "wechat:" + ADMIN)
                .with("bot.wechat.mp.token", WeChatCallbacks.MP_TOKEN)
                .with("bot.wechat.mp.app-id", WeChatCallbacks.MP_APP_ID)
                .with("bot.wechat.mp.app-secret", "mp-app-secret-not-real")
                .with("bot.wechat.mp.aes-key", WeChatCallbacks.MP_AES_KEY)
                .with("bot.wechat.mp.customer-service", "true")
                .with("bot.wechat.api-url", wechatApi.apiUrl())
                .with("bot.wechat.reply-deadline", "1500ms")
                .with("bot.wechat.shutdown-grace", "0s")
                .with("bot.wecom.corp-id", WeChatCallbacks.CORP_ID)
                .with("bot.wecom.agent-id", "1000002")
                .with("bot.wecom.secret", "wecom-secret-not-real")
                .with("bot.wecom.token", WeChatCallbacks.WECOM_TOKEN)
                .with("bot.wecom.aes-key", WeChatCallbacks.WECOM_AES_KEY)
                .with("bot.wecom.api-url", wechatApi.apiUrl())
                .with("bot.wecom.reply-deadline", "1500ms")
                .with("bot.wecom.bot.token", WeChatCallbacks.BOT_TOKEN)
                .with("bot.wecom.bot.aes-key", WeChatCallbacks.BOT_AES_KEY);
        slowWhenAsked(bot);
        bot.start();
        wechat = new WeChatCallbacks(bot.port());
    }

    @AfterAll
    void stop() {
        bot.close();
        wechatApi.close();
    }

    /** "slowly" in a prompt takes the fake model 2.5 s; "in fine grain" draws 1024x1024 random pixels, a 3 MB PNG. */
    static void slowWhenAsked(RunningBot bot) {
        bot.openai.drawFor(prompt -> prompt.contains("slowly") ? Duration.ofMillis(2500) : Duration.ZERO);
        bot.openai.paintWith((prompt, w, h) -> prompt.contains("in fine grain") ? TestPictures.noisy(1024, 1024)
                : TestPictures.drawing(prompt, w / 16, h / 16));
    }

    /** The picture the fake model drew for {@code prompt}. */
    static byte[] drawn(RunningBot bot, String prompt) {
        return bot.openai.imageRequests().stream().filter(r -> r.body().path("prompt").asString("").equals(prompt))
                .reduce((first, second) -> second).orElseThrow(() -> new AssertionError("nothing drawn for " + prompt))
                .drawn();
    }

    List<FakeWeChatApiServer.Call> sentTo(String user) {
        return wechatApi.sent().stream().filter(c -> user.equals(c.toUser())).toList();
    }

    /** The MediaId of a passive image reply, its XML checked to be WeChat's image message. */
    static String passiveImage(String xml, String user) {
        Matcher m = Pattern.compile("<xml><ToUserName><!\\[CDATA\\[" + Pattern.quote(user) + "]]></ToUserName>"
                + "<FromUserName><!\\[CDATA\\[[^\\]]+]]></FromUserName><CreateTime>\\d+</CreateTime>"
                + "<MsgType><!\\[CDATA\\[image]]></MsgType><Image><MediaId><!\\[CDATA\\[([^\\]]+)]]></MediaId></Image></xml>")
                .matcher(xml);
        assertThat(m.matches()).as("an image reply: %s", xml).isTrue();
        return m.group(1);
    }

    static void assertUploaded(FakeWeChatApiServer api, String mediaId, String platform, byte[] drawn) {
        FakeWeChatApiServer.Upload upload = api.upload(mediaId);
        assertThat(upload.platform()).isEqualTo(platform);
        assertThat(upload.type()).isEqualTo("image");
        assertThat(upload.fileName()).isEqualTo("image.png");
        assertThat(upload.contentType()).isEqualTo("image/png");
        assertThat(upload.bytes()).as("the very picture the model drew").isEqualTo(drawn);
    }

    @Test
    void a_slow_drawing_on_a_service_account_is_uploaded_then_sent_as_a_customer_service_image() throws Exception {
        String user = "o_draw_late";
        String prompt = "slowly a lighthouse at dawn";
        var reply = wechat.mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "/image " + prompt));
        assertThat(reply.body()).isEqualTo("success");
        wechatApi.await(WAIT, "a customer-service image", api -> !sentTo(user).isEmpty());
        FakeWeChatApiServer.Call sent = sentTo(user).getFirst();
        assertThat(sent.path()).isEqualTo("/cgi-bin/message/custom/send");
        assertThat(sent.msgType()).isEqualTo("image");
        assertUploaded(wechatApi, sent.mediaId(), "wechat", drawn(bot, prompt));
        assertThat(sentTo(user)).as("the picture alone: no caption message spends the user's quota").hasSize(1);
    }

    @Test
    void a_drawing_over_the_official_accounts_2_mb_goes_up_as_a_smaller_jpeg() throws Exception {
        String user = "o_draw_big";
        String prompt = "slowly in fine grain a sandy beach";
        assertThat(wechat.mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "/image " + prompt)).body())
                .isEqualTo("success");
        wechatApi.await(WAIT, "a customer-service image", api -> !sentTo(user).isEmpty());
        assertThat(drawn(bot, prompt).length).as("the drawing itself is too big").isGreaterThan(2 * 1024 * 1024);
        FakeWeChatApiServer.Upload upload = wechatApi.upload(sentTo(user).getFirst().mediaId());
        assertThat(upload.fileName()).isEqualTo("image.jpg");
        assertThat(upload.contentType()).isEqualTo("image/jpeg");
        assertThat(upload.bytes().length).isLessThanOrEqualTo(2 * 1024 * 1024);
        assertThat(TestPictures.size(upload.bytes())).containsExactly(1024, 1024);
    }

    @Test
    void a_quick_drawing_on_a_service_account_is_the_passive_image_reply() throws Exception {
        String user = "o_draw_quick";
        var reply = wechat.mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "/image wide a red fox"));
        String mediaId = passiveImage(wechat.mpReplyXml(reply), user);
        assertUploaded(wechatApi, mediaId, "wechat", drawn(bot, "a red fox"));
        assertThat(TestPictures.size(wechatApi.upload(mediaId).bytes())).containsExactly(1792 / 16, 1024 / 16);
        assertThat(sentTo(user)).isEmpty();
    }

    @Test
    void an_upload_with_an_expired_token_is_made_again_with_a_fresh_one() throws Exception {
        String user = "o_draw_token";
        wechat.mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "/image a paper boat"));
        int issued = wechatApi.tokensIssued();
        wechatApi.expireTokens();
        var reply = wechat.mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "/image a paper plane"));
        String mediaId = passiveImage(wechat.mpReplyXml(reply), user);
        assertUploaded(wechatApi, mediaId, "wechat", drawn(bot, "a paper plane"));
        assertThat(wechatApi.tokensIssued()).isGreaterThan(issued);
        assertThat(wechatApi.calls("/cgi-bin/media/upload")).anyMatch(c -> !c.accepted());
    }

    @Test
    void a_refused_upload_gets_a_note_and_gives_the_drawing_back_to_the_images_limit() throws Exception {
        String user = "o_draw_refused";
        var limit = wechat.mpSafe(WeChatCallbacks.textXml(ADMIN, WeChatCallbacks.msgId(),
                "/limit wechat:" + user + " 1 images/day"));
        assertThat(wechat.mpReply(limit)).containsEntry("MsgType", "text");

        wechatApi.refuseNextUpload(40004);
        var refused = wechat.mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "/image a green kite"));
        assertThat(wechat.mpReply(refused)).containsEntry("MsgType", "text")
                .containsEntry("Content", "抱歉，图片画好了，但没能发出去。这次不计入你的额度，请再试一次。");
        assertThat(wechatApi.calls("/cgi-bin/media/upload")).anyMatch(c -> !c.accepted());

        // the one drawing a day the limit allows is still there
        var again = wechat.mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "/image a blue kite"));
        assertUploaded(wechatApi, passiveImage(wechat.mpReplyXml(again), user), "wechat", drawn(bot, "a blue kite"));

        int asked = bot.openai.imageRequests().size();
        var over = wechat.mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "/image a yellow kite"));
        assertThat(wechat.mpReply(over)).containsEntry("MsgType", "text");
        assertThat(bot.openai.imageRequests()).as("the limit holds: no drawing over it").hasSize(asked);
    }

    @Test
    void a_wecom_app_gets_a_quick_drawing_as_its_passive_reply_and_a_slow_one_through_message_send() throws Exception {
        String quick = WeChatCallbacks.xml("wangfang", "text", "<Content><![CDATA[/image a calm sea]]></Content><MsgId>"
                + WeChatCallbacks.msgId() + "</MsgId><AgentID>1000002</AgentID>");
        String mediaId = passiveImage(wechat.weComReplyXml(wechat.weComApp(quick)), "wangfang");
        assertUploaded(wechatApi, mediaId, "wecom", drawn(bot, "a calm sea"));

        String slow = WeChatCallbacks.xml("liqiang", "text", "<Content><![CDATA[/image slowly a stormy sea]]></Content>"
                + "<MsgId>" + WeChatCallbacks.msgId() + "</MsgId><AgentID>1000002</AgentID>");
        var reply = wechat.weComApp(slow);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
        wechatApi.await(WAIT, "message/send to liqiang", api -> !sentTo("liqiang").isEmpty());
        FakeWeChatApiServer.Call sent = sentTo("liqiang").getFirst();
        assertThat(sent.path()).isEqualTo("/cgi-bin/message/send");
        assertThat(sent.msgType()).isEqualTo("image");
        assertThat(sent.body().path("agentid").asLong()).isEqualTo(1000002);
        assertUploaded(wechatApi, sent.mediaId(), "wecom", drawn(bot, "slowly a stormy sea"));
    }

    @Test
    void the_ai_bot_shows_the_drawing_in_its_finishing_refresh() throws Exception {
        String msgId = "aibot-" + WeChatCallbacks.msgId();
        String message = "{\"msgid\":\"" + msgId + "\",\"aibotid\":\"AIBOTID\",\"chattype\":\"single\","
                + "\"from\":{\"userid\":\"zhouli\"},\"msgtype\":\"text\",\"text\":{\"content\":\"/image a snowy owl\"}}";
        JsonNode first = wechat.aiBotReply(wechat.aiBot(message));
        String streamId = first.path("stream").path("id").asString();
        assertThat(first.path("stream").has("msg_item")).as("pictures only on the finishing refresh").isFalse();
        String poll = "{\"msgid\":\"poll-" + WeChatCallbacks.msgId() + "\",\"aibotid\":\"AIBOTID\",\"chattype\":\"single\","
                + "\"from\":{\"userid\":\"zhouli\"},\"msgtype\":\"stream\",\"stream\":{\"id\":\"" + streamId + "\"}}";
        JsonNode[] last = {first};
        dev.chatbot.testsupport.Eventually.await("the finishing refresh", WAIT, () -> {
            try {
                last[0] = wechat.aiBotReply(wechat.aiBot(poll));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return last[0].path("stream").path("finish").asBoolean();
        }, () -> "last refresh: " + last[0]);
        JsonNode items = last[0].path("stream").path("msg_item");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("msgtype").asString()).isEqualTo("image");
        byte[] shown = Base64.getDecoder().decode(items.get(0).path("image").path("base64").asString());
        assertThat(shown).as("the very picture the model drew").isEqualTo(drawn(bot, "a snowy owl"));
        assertThat(items.get(0).path("image").path("md5").asString())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(shown)));
        assertThat(wechatApi.uploads()).noneMatch(u -> java.util.Arrays.equals(u.bytes(), shown));
    }

    @Test
    void a_subscription_account_replies_with_a_quick_drawing_and_a_slow_one_rides_on_wechats_retry() throws Exception {
        try (FakeWeChatApiServer api = new FakeWeChatApiServer();
             RunningBot subscription = new RunningBot()
                     .with("bot.wechat.mp.token", WeChatCallbacks.MP_TOKEN)
                     .with("bot.wechat.mp.app-id", WeChatCallbacks.MP_APP_ID)
                     .with("bot.wechat.mp.app-secret", "mp-app-secret-not-real")
                     .with("bot.wechat.mp.aes-key", WeChatCallbacks.MP_AES_KEY)
                     .with("bot.wechat.api-url", api.apiUrl())
                     .with("bot.wechat.reply-deadline", "1s")
                     .with("bot.wechat.platform-timeout", "1300ms")
                     .with("bot.wechat.retries", "3")) {
            slowWhenAsked(subscription);
            subscription.start();
            WeChatCallbacks callbacks = new WeChatCallbacks(subscription.port());

            var quick = callbacks.mpSafe(WeChatCallbacks.textXml("o_sub_quick", WeChatCallbacks.msgId(), "/image a tiny house"));
            assertUploaded(api, passiveImage(callbacks.mpReplyXml(quick), "o_sub_quick"), "wechat",
                    drawn(subscription, "a tiny house"));

            String xml = WeChatCallbacks.textXml("o_sub_slow", WeChatCallbacks.msgId(), "/image slowly a tall tower");
            var held = callbacks.mpSafe(xml);
            assertThat(held.status()).isEqualTo(200);
            assertThat(held.body()).as("no reply: WeChat retries").isEmpty();
            var retried = callbacks.mpSafe(xml);
            for (int retry = 2; retry <= 3 && retried.body().isEmpty(); retry++) {
                retried = callbacks.mpSafe(xml); // WeChat retries until it gets a reply, three times at most
            }
            assertUploaded(api, passiveImage(callbacks.mpReplyXml(retried), "o_sub_slow"), "wechat",
                    drawn(subscription, "slowly a tall tower"));
            assertThat(api.sent()).as("a subscription account has no customer-service messages").isEmpty();
        }
    }

    @Test
    void an_account_without_its_app_secret_cannot_upload_and_says_so() throws Exception {
        try (FakeWeChatApiServer api = new FakeWeChatApiServer();
             RunningBot noSecret = new RunningBot()
                     .with("bot.wechat.mp.token", WeChatCallbacks.MP_TOKEN)
                     .with("bot.wechat.mp.app-id", WeChatCallbacks.MP_APP_ID)
                     .with("bot.wechat.api-url", api.apiUrl())
                     .start()) {
            WeChatCallbacks callbacks = new WeChatCallbacks(noSecret.port());
            var reply = callbacks.mpPlain(WeChatCallbacks.textXml("o_no_secret", WeChatCallbacks.msgId(), "/image a cat"));
            assertThat(callbacks.mpReply(reply)).containsEntry("Content", "抱歉，我在这里发不了图片。");
            assertThat(api.uploads()).isEmpty();
            assertThat(noSecret.openai.imageRequests()).hasSize(1);
        }
    }
}
