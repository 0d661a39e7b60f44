package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.TestPictures;
import dev.chatbot.wechat.SafeXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Image and voice messages on a WeChat Official Account: the PicUrl downloaded through the address guard, WeChat's
 * own speech recognition used, the answer passive; and an account without its AppSecret, which cannot upload the
 * pictures /image draws.
 */
class WeChatMediaTests {

    @RegisterExtension
    static final WeChatFixture app = new WeChatFixture().subscriptionAccount();

    static String imageXml(String openId, String picUrl) {
        return WeChatCallbacks.xml(openId, "image", SafeXml.cdata("PicUrl", picUrl)
                + SafeXml.cdata("MediaId", "media_" + WeChatCallbacks.msgId()) + "<MsgId>" + WeChatCallbacks.msgId() + "</MsgId>");
    }

    @Test
    void an_image_message_is_answered_by_a_model_that_sees_it() throws Exception {
        var reply = app.wechat().mpSafe(imageXml("o_photo_user", app.api.picture(TestPictures.png(2000, 1000))));
        assertThat(app.wechat().mpReply(reply)).containsEntry("Content", "You said: ");
        var image = app.bot.openai.requests().getLast().images();
        assertThat(image).hasSize(1);
        assertThat(TestPictures.size(image.getFirst().bytes())).containsExactly(1568, 784);
    }

    @Test
    void a_voice_message_uses_wechats_recognition_and_an_unrecognised_amr_one_is_refused() throws Exception {
        var recognised = app.wechat().mpSafe(WeChatCallbacks.xml("o_voice_user", "voice", SafeXml.cdata("MediaId", "media_v")
                + SafeXml.cdata("Format", "amr") + SafeXml.cdata("Recognition", "明天天气怎么样")
                + "<MsgId>" + WeChatCallbacks.msgId() + "</MsgId>"));
        assertThat(app.wechat().mpReply(recognised)).containsEntry("Content", "You said: 明天天气怎么样");
        int transcriptions = app.bot.openai.transcriptions().size();
        var amr = app.wechat().mpSafe(WeChatCallbacks.xml("o_voice_user", "voice", SafeXml.cdata("MediaId", "media_w")
                + SafeXml.cdata("Format", "amr") + "<MsgId>" + WeChatCallbacks.msgId() + "</MsgId>"));
        assertThat(app.wechat().mpReply(amr)).containsEntry("Content",
                "抱歉，这种音频格式我转写不了。请发语音消息，或 MP3、M4A、OGG、WAV、WebM 文件。");
        assertThat(app.bot.openai.transcriptions()).hasSize(transcriptions);
    }

    @Test
    void a_pic_url_redirecting_to_a_private_address_is_refused_without_a_model_call() throws Exception {
        int before = app.bot.openai.requests().size();
        var reply = app.wechat().mpSafe(imageXml("o_ssrf_user", app.api.pictureRedirectingTo("http://10.0.0.1/internal.jpg")));
        assertThat(app.wechat().mpReply(reply)).containsEntry("Content", "抱歉，这张图片我取不到：它的地址指向内部网络。");
        assertThat(app.bot.openai.requests()).hasSize(before);
    }

    @Test
    void a_drawing_on_an_account_without_its_app_secret_cannot_be_uploaded_and_the_bot_says_so() throws Exception {
        int drawings = app.bot.openai.imageRequests().size();
        var reply = app.wechat().mpPlain(WeChatCallbacks.textXml("o_no_secret", WeChatCallbacks.msgId(), "/image a cat"));
        assertThat(app.wechat().mpReply(reply)).containsEntry("Content", "抱歉，我在这里发不了图片。");
        assertThat(app.bot.openai.imageRequests()).hasSize(drawings + 1);
        assertThat(app.api.uploads()).isEmpty();
    }
}
