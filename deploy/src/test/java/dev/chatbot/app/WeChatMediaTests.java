package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeWeChatApiServer;
import dev.chatbot.testsupport.TestPictures;
import dev.chatbot.wechat.SafeXml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Image and voice messages on a WeChat Official Account: the PicUrl downloaded through the address guard, WeChat's
 * own speech recognition used, the answer passive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WeChatMediaTests {

    final FakeWeChatApiServer wechatApi = new FakeWeChatApiServer();
    RunningBot bot;
    WeChatCallbacks wechat;

    @BeforeAll
    void start() {
        bot = new RunningBot()
                .with("bot.wechat.mp.token", WeChatCallbacks.MP_TOKEN)
                .with("bot.wechat.mp.app-id", WeChatCallbacks.MP_APP_ID)
                .with("bot.wechat.mp.aes-key", WeChatCallbacks.MP_AES_KEY)
                .with("bot.wechat.api-url", wechatApi.apiUrl())
                .start();
        wechat = new WeChatCallbacks(bot.port());
    }

    @AfterAll
    void stop() {
        bot.close();
        wechatApi.close();
    }

    static String imageXml(String openId, String picUrl) {
        return WeChatCallbacks.xml(openId, "image", SafeXml.cdata("PicUrl", picUrl)
                + SafeXml.cdata("MediaId", "media_" + WeChatCallbacks.msgId()) + "<MsgId>" + WeChatCallbacks.msgId() + "</MsgId>");
    }

    @Test
    void an_image_message_is_answered_by_a_model_that_sees_it() throws Exception {
        var reply = wechat.mpSafe(imageXml("o_photo_user", wechatApi.picture(TestPictures.png(2000, 1000))));
        assertThat(wechat.mpReply(reply)).containsEntry("Content", "You said: ");
        var image = bot.openai.requests().getLast().images();
        assertThat(image).hasSize(1);
        assertThat(TestPictures.size(image.getFirst().bytes())).containsExactly(1568, 784);
    }

    @Test
    void a_voice_message_uses_wechats_recognition_and_an_unrecognised_amr_one_is_refused() throws Exception {
        var recognised = wechat.mpSafe(WeChatCallbacks.xml("o_voice_user", "voice", SafeXml.cdata("MediaId", "media_v")
                + SafeXml.cdata("Format", "amr") + SafeXml.cdata("Recognition", "明天天气怎么样")
                + "<MsgId>" + WeChatCallbacks.msgId() + "</MsgId>"));
        assertThat(wechat.mpReply(recognised)).containsEntry("Content", "You said: 明天天气怎么样");
        int transcriptions = bot.openai.transcriptions().size();
        var amr = wechat.mpSafe(WeChatCallbacks.xml("o_voice_user", "voice", SafeXml.cdata("MediaId", "media_w")
                + SafeXml.cdata("Format", "amr") + "<MsgId>" + WeChatCallbacks.msgId() + "</MsgId>"));
        assertThat(wechat.mpReply(amr)).containsEntry("Content",
                "抱歉，这种音频格式我转写不了。请发语音消息，或 MP3、M4A、OGG、WAV、WebM 文件。");
        assertThat(bot.openai.transcriptions()).hasSize(transcriptions);
    }

    @Test
    void a_pic_url_redirecting_to_a_private_address_is_refused_without_a_model_call() throws Exception {
        int before = bot.openai.requests().size();
        var reply = wechat.mpSafe(imageXml("o_ssrf_user", wechatApi.pictureRedirectingTo("http://10.0.0.1/internal.jpg")));
        assertThat(wechat.mpReply(reply)).containsEntry("Content", "抱歉，这张图片我取不到：它的地址指向内部网络。");
        assertThat(bot.openai.requests()).hasSize(before);
    }
}
