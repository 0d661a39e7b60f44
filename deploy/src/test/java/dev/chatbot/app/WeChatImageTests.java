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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * /image on WeChat through the whole app: the fake OpenAI draws, the picture is uploaded to the fake
 * WeChat API's media/upload (multipart, field "media") and goes out by its media_id: as the passive
 * reply when in time, else as a customer-service image message (service account), message/send
 * (WeCom app) or on WeChat's retry (subscription account); on the WeCom AI bot, in the finishing
 * refresh's msg_item. A prompt with "slowly" in it takes the fake model 2.5 s, past the reply deadline.
 */
class WeChatImageTests {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String ADMIN = "o_image_admin";

    @RegisterExtension
    static final WeChatFixture app = slowWhenAsked(new WeChatFixture().serviceAccount().weComApp().aiBot()
            .with("bot.admins", "wechat:" + ADMIN));

    /** "slowly" in a prompt takes the fake model 2.5 s; "in fine grain" draws 1024x1024 random pixels, a 3 MB PNG. */
    static WeChatFixture slowWhenAsked(WeChatFixture app) {
        app.bot.openai.drawFor(prompt -> prompt.contains("slowly") ? Duration.ofMillis(2500) : Duration.ZERO);
        app.bot.openai.paintWith((prompt, w, h) -> prompt.contains("in fine grain") ? TestPictures.noisy(1024, 1024)
                : TestPictures.drawing(prompt, w / 16, h / 16));
        return app;
    }

    /** The picture the fake model drew for {@code prompt}. */
    static byte[] drawn(RunningBot bot, String prompt) {
        return bot.openai.imageRequests().stream().filter(r -> r.body().path("prompt").asString("").equals(prompt))
                .reduce((first, second) -> second).orElseThrow(() -> new AssertionError("nothing drawn for " + prompt))
                .drawn();
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
        var reply = app.wechat().mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "/image " + prompt));
        assertThat(reply.body()).isEqualTo("success");
        app.api.await(WAIT, "a customer-service image", api -> !app.sentTo(user).isEmpty());
        FakeWeChatApiServer.Call sent = app.sentTo(user).getFirst();
        assertThat(sent.path()).isEqualTo("/cgi-bin/message/custom/send");
        assertThat(sent.msgType()).isEqualTo("image");
        assertUploaded(app.api, sent.mediaId(), "wechat", drawn(app.bot, prompt));
        assertThat(app.sentTo(user)).as("the picture alone: no caption message spends the user's quota").hasSize(1);
    }

    @Test
    void a_drawing_over_the_official_accounts_2_mb_goes_up_as_a_smaller_jpeg() throws Exception {
        String user = "o_draw_big";
        String prompt = "slowly in fine grain a sandy beach";
        assertThat(app.wechat().mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "/image " + prompt)).body())
                .isEqualTo("success");
        app.api.await(WAIT, "a customer-service image", api -> !app.sentTo(user).isEmpty());
        assertThat(drawn(app.bot, prompt).length).as("the drawing itself is too big").isGreaterThan(2 * 1024 * 1024);
        FakeWeChatApiServer.Upload upload = app.api.upload(app.sentTo(user).getFirst().mediaId());
        assertThat(upload.fileName()).isEqualTo("image.jpg");
        assertThat(upload.contentType()).isEqualTo("image/jpeg");
        assertThat(upload.bytes().length).isLessThanOrEqualTo(2 * 1024 * 1024);
        assertThat(TestPictures.size(upload.bytes())).containsExactly(1024, 1024);
    }

    @Test
    void a_quick_drawing_on_a_service_account_is_the_passive_image_reply() throws Exception {
        String user = "o_draw_quick";
        var reply = app.wechat().mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "/image wide a red fox"));
        String mediaId = passiveImage(app.wechat().mpReplyXml(reply), user);
        assertUploaded(app.api, mediaId, "wechat", drawn(app.bot, "a red fox"));
        assertThat(TestPictures.size(app.api.upload(mediaId).bytes())).containsExactly(1792 / 16, 1024 / 16);
        assertThat(app.sentTo(user)).isEmpty();
    }

    @Test
    void an_upload_with_an_expired_token_is_made_again_with_a_fresh_one() throws Exception {
        String user = "o_draw_token";
        app.wechat().mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "/image a paper boat"));
        int issued = app.api.tokensIssued();
        app.api.expireTokens();
        var reply = app.wechat().mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "/image a paper plane"));
        String mediaId = passiveImage(app.wechat().mpReplyXml(reply), user);
        assertUploaded(app.api, mediaId, "wechat", drawn(app.bot, "a paper plane"));
        assertThat(app.api.tokensIssued()).isGreaterThan(issued);
        assertThat(app.api.calls("/cgi-bin/media/upload")).anyMatch(c -> !c.accepted());
    }

    @Test
    void a_refused_upload_gets_a_note_and_gives_the_drawing_back_to_the_images_limit() throws Exception {
        String user = "o_draw_refused";
        var limit = app.wechat().mpSafe(WeChatCallbacks.textXml(ADMIN, WeChatCallbacks.msgId(),
                "/limit wechat:" + user + " 1 images/day"));
        assertThat(app.wechat().mpReply(limit)).containsEntry("MsgType", "text");

        app.api.refuseNextUpload(40004);
        var refused = app.wechat().mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "/image a green kite"));
        assertThat(app.wechat().mpReply(refused)).containsEntry("MsgType", "text")
                .containsEntry("Content", "抱歉，图片画好了，但没能发出去。这次不计入你的额度，请再试一次。");
        assertThat(app.api.calls("/cgi-bin/media/upload")).anyMatch(c -> !c.accepted());

        // the one drawing a day the limit allows is still there
        var again = app.wechat().mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "/image a blue kite"));
        assertUploaded(app.api, passiveImage(app.wechat().mpReplyXml(again), user), "wechat", drawn(app.bot, "a blue kite"));

        int asked = app.bot.openai.imageRequests().size();
        var over = app.wechat().mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "/image a yellow kite"));
        assertThat(app.wechat().mpReply(over)).containsEntry("MsgType", "text");
        assertThat(app.bot.openai.imageRequests()).as("the limit holds: no drawing over it").hasSize(asked);
    }

    @Test
    void a_wecom_app_gets_a_quick_drawing_as_its_passive_reply_and_a_slow_one_through_message_send() throws Exception {
        String quick = WeChatCallbacks.xml("wangfang", "text", "<Content><![CDATA[/image a calm sea]]></Content><MsgId>"
                + WeChatCallbacks.msgId() + "</MsgId><AgentID>1000002</AgentID>");
        String mediaId = passiveImage(app.wechat().weComReplyXml(app.wechat().weComApp(quick)), "wangfang");
        assertUploaded(app.api, mediaId, "wecom", drawn(app.bot, "a calm sea"));

        String slow = WeChatCallbacks.xml("liqiang", "text", "<Content><![CDATA[/image slowly a stormy sea]]></Content>"
                + "<MsgId>" + WeChatCallbacks.msgId() + "</MsgId><AgentID>1000002</AgentID>");
        var reply = app.wechat().weComApp(slow);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
        app.api.await(WAIT, "message/send to liqiang", api -> !app.sentTo("liqiang").isEmpty());
        FakeWeChatApiServer.Call sent = app.sentTo("liqiang").getFirst();
        assertThat(sent.path()).isEqualTo("/cgi-bin/message/send");
        assertThat(sent.msgType()).isEqualTo("image");
        assertThat(sent.body().path("agentid").asLong()).isEqualTo(1000002);
        assertUploaded(app.api, sent.mediaId(), "wecom", drawn(app.bot, "slowly a stormy sea"));
    }

    @Test
    void the_ai_bot_shows_the_drawing_in_its_finishing_refresh() throws Exception {
        String message = WeChatCallbacks.aiBotText("zhouli", null, "/image a snowy owl");
        JsonNode first = app.wechat().aiBotReply(app.wechat().aiBot(message));
        String streamId = first.path("stream").path("id").asString();
        assertThat(first.path("stream").has("msg_item")).as("pictures only on the finishing refresh").isFalse();
        List<JsonNode> refreshes = app.wechat().refreshUntilFinished(WeChatCallbacks.aiBotPoll("zhouli", null, streamId), WAIT);
        JsonNode last = refreshes.getLast();
        assertThat(last.path("finish").asBoolean()).as("finished").isTrue();
        assertThat(refreshes.subList(0, refreshes.size() - 1)).as("pictures only on the finishing refresh")
                .noneMatch(r -> r.has("msg_item"));
        JsonNode items = last.path("msg_item");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("msgtype").asString()).isEqualTo("image");
        byte[] shown = Base64.getDecoder().decode(items.get(0).path("image").path("base64").asString());
        assertThat(shown).as("the very picture the model drew").isEqualTo(drawn(app.bot, "a snowy owl"));
        assertThat(items.get(0).path("image").path("md5").asString())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(shown)));
        assertThat(app.api.uploads()).noneMatch(u -> java.util.Arrays.equals(u.bytes(), shown));
    }

    @Test
    void a_subscription_account_replies_with_a_quick_drawing_and_a_slow_one_rides_on_wechats_retry() throws Exception {
        try (WeChatFixture subscription = slowWhenAsked(new WeChatFixture().subscriptionAccount().withAppSecret()
                .quickRetries()).start()) {
            WeChatCallbacks callbacks = subscription.wechat();
            FakeWeChatApiServer api = subscription.api;

            var quick = callbacks.mpSafe(WeChatCallbacks.textXml("o_sub_quick", WeChatCallbacks.msgId(), "/image a tiny house"));
            assertUploaded(api, passiveImage(callbacks.mpReplyXml(quick), "o_sub_quick"), "wechat",
                    drawn(subscription.bot, "a tiny house"));

            String xml = WeChatCallbacks.textXml("o_sub_slow", WeChatCallbacks.msgId(), "/image slowly a tall tower");
            var held = callbacks.mpSafe(xml);
            assertThat(held.status()).isEqualTo(200);
            assertThat(held.body()).as("no reply: WeChat retries").isEmpty();
            var retried = callbacks.retriedUntilAnswered(xml);
            assertUploaded(api, passiveImage(callbacks.mpReplyXml(retried), "o_sub_slow"), "wechat",
                    drawn(subscription.bot, "slowly a tall tower"));
            assertThat(api.sent()).as("a subscription account has no customer-service messages").isEmpty();
        }
    }
}
