package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.FakeWeChatApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * A verified service account, a WeCom app and a WeCom AI bot in one app over HTTP, with a fake
 * WeChat/WeCom API: late answers go out through the customer-service API or message/send with a
 * token shared through Redis, and the AI bot's refresh polls watch the answer grow.
 */
class WeChatServiceAccountAndWeComTests {

    @RegisterExtension
    static final WeChatFixture app = new WeChatFixture().serviceAccount().weComApp().aiBot().answersSlowlyWhenAsked();

    @Test
    void a_slow_answer_on_a_service_account_gets_success_then_one_customer_service_message() throws Exception {
        String question = "slow 600 service please";
        String xml = WeChatCallbacks.textXml("o_service_user", WeChatCallbacks.msgId(), question);
        var reply = app.wechat().mpSafe(xml);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("success");
        assertThat(app.wechat().mpSafe(xml).body()).as("WeChat's retry").isEqualTo("success");
        app.api.await(Duration.ofSeconds(15), "a customer-service message", api -> !app.sentTo("o_service_user").isEmpty());
        var sent = app.sentTo("o_service_user");
        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst().path()).isEqualTo("/cgi-bin/message/custom/send");
        assertThat(sent.getFirst().content()).isEqualTo("Thought long about: " + question);
        assertThat(sent.getFirst().body().path("msgtype").asString()).isEqualTo("text");
        assertThat(app.modelCalls(question)).isEqualTo(1);
        assertThat(app.api.calls("/cgi-bin/stable_token")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.body().path("appid").asString()).isEqualTo(WeChatCallbacks.MP_APP_ID));
    }

    @Test
    void an_expired_token_is_renewed_and_the_message_still_goes_out() throws Exception {
        app.wechat().mpSafe(WeChatCallbacks.textXml("o_token_user", WeChatCallbacks.msgId(), "slow 600 first"));
        app.api.await(Duration.ofSeconds(15), "the first message", api -> app.sentTo("o_token_user").size() == 1);
        int issued = app.api.tokensIssued();
        app.api.expireTokens();
        app.wechat().mpSafe(WeChatCallbacks.textXml("o_token_user", WeChatCallbacks.msgId(), "slow 600 second"));
        app.api.await(Duration.ofSeconds(15), "the second message", api -> app.sentTo("o_token_user").size() == 2);
        assertThat(app.sentTo("o_token_user").get(1).content()).isEqualTo("Thought long about: slow 600 second");
        assertThat(app.api.tokensIssued()).isGreaterThan(issued);
        assertThat(app.api.calls("/cgi-bin/message/custom/send")).anyMatch(c -> !c.accepted())
                .as("the refused call was made once more with the new token").hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void a_message_still_being_answered_when_the_app_stops_is_answered_after_the_restart() throws Exception {
        String user = "o_restart_user";
        app.bot.openai.enqueue(Script.tokens(Duration.ofSeconds(3), "This ", "answer ", "never ", "ends"));
        var reply = app.wechat().mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "please survive a restart"));
        assertThat(reply.body()).isEqualTo("success");
        app.restart(); // no grace: the answer is cut off, its record stays in Redis
        app.api.await(Duration.ofSeconds(15), "the answer after the restart", api -> !app.sentTo(user).isEmpty());
        assertThat(app.sentTo(user)).extracting(FakeWeChatApiServer.Call::content)
                .containsExactly("You said: please survive a restart");
        assertThat(app.modelCalls("please survive a restart")).isEqualTo(2);
    }

    @Test
    void a_passive_answer_too_long_for_one_message_continues_in_customer_service_messages() throws Exception {
        String user = "o_long_reader";
        String paragraph = "这是一个很长的段落。".repeat(40); // 1200 bytes
        String answer = paragraph + "\n\n" + paragraph + "\n\n" + paragraph;
        app.bot.openai.enqueue(Script.tokens(Duration.ofMillis(1), answer));
        var reply = app.wechat().mpReply(app.wechat().mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "tell me a lot")));
        assertThat(reply.get("Content").getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
        // three paragraphs of 1200 bytes: one per message
        app.api.await(Duration.ofSeconds(15), "the rest of the answer", api -> app.sentTo(user).size() == 2);
        List<String> parts = new ArrayList<>();
        parts.add(reply.get("Content"));
        app.sentTo(user).forEach(c -> parts.add(c.content()));
        assertThat(String.join("\n\n", parts)).isEqualTo(answer);
    }

    @Test
    void a_fast_answer_on_a_service_account_is_still_the_passive_reply() throws Exception {
        var reply = app.wechat().mpReply(app.wechat().mpSafe(WeChatCallbacks.textXml("o_quick", WeChatCallbacks.msgId(), "quick one")));
        assertThat(reply).containsEntry("Content", "You said: quick one");
        assertThat(app.sentTo("o_quick")).isEmpty();
    }

    @Test
    void the_wecom_app_url_check_answers_the_decrypted_echostr() throws Exception {
        var reply = app.wechat().weComUrlCheck("1616140317555161061");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("1616140317555161061");
    }

    @Test
    void a_wecom_app_message_gets_an_encrypted_passive_reply_when_quick_and_message_send_when_slow() throws Exception {
        String quick = WeChatCallbacks.xml("zhangsan", "text", "<Content><![CDATA[hi wecom]]></Content><MsgId>"
                + WeChatCallbacks.msgId() + "</MsgId><AgentID>1000002</AgentID>");
        assertThat(app.wechat().weComReply(app.wechat().weComApp(quick))).containsEntry("ToUserName", "zhangsan")
                .containsEntry("Content", "You said: hi wecom");

        String slow = WeChatCallbacks.xml("lisi", "text", "<Content><![CDATA[slow 600 wecom later]]></Content><MsgId>"
                + WeChatCallbacks.msgId() + "</MsgId><AgentID>1000002</AgentID>");
        var reply = app.wechat().weComApp(slow);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
        app.api.await(Duration.ofSeconds(15), "message/send to lisi", api -> !app.sentTo("lisi").isEmpty());
        var sent = app.sentTo("lisi").getFirst();
        assertThat(sent.path()).isEqualTo("/cgi-bin/message/send");
        assertThat(sent.body().path("agentid").asLong()).isEqualTo(1000002);
        assertThat(sent.content()).isEqualTo("Thought long about: slow 600 wecom later");
        assertThat(app.api.calls("/cgi-bin/gettoken")).isNotEmpty().allSatisfy(c ->
                assertThat(c.query()).containsEntry("corpid", WeChatCallbacks.CORP_ID));
    }

    @Test
    void a_forged_wecom_app_message_is_refused() throws Exception {
        var reply = app.wechat().post("/webhook/wechat/wecom", Map.of("msg_signature", "00", "timestamp", "1", "nonce", "2"),
                "<xml><Encrypt><![CDATA[" + app.wechat().wecom.encrypt(WeChatCallbacks.xml("wangwu", "text",
                        "<Content>forged wecom</Content><MsgId>9</MsgId>")) + "]]></Encrypt></xml>");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(app.modelCalls("forged wecom")).isZero();
    }

    @Test
    void ai_bot_refresh_polls_show_a_growing_text_and_end_with_finish_and_the_full_answer() throws Exception {
        String question = "slow 250 stream to me";
        String message = WeChatCallbacks.aiBotText("zhaoliu", "CHAT1", "@RobotA " + question);
        JsonNode first = app.wechat().aiBotReply(app.wechat().aiBot(message));
        assertThat(first.path("msgtype").asString()).isEqualTo("stream");
        String streamId = first.path("stream").path("id").asString();
        assertThat(streamId).isNotBlank();
        assertThat(first.path("stream").path("finish").asBoolean()).isFalse();
        // WeCom delivering the same msgid again is shown the same stream, not answered twice
        assertThat(app.wechat().aiBotReply(app.wechat().aiBot(message)).path("stream").path("id").asString()).isEqualTo(streamId);

        List<JsonNode> refreshes = app.wechat().refreshUntilFinished(
                WeChatCallbacks.aiBotPoll("zhaoliu", "CHAT1", streamId), Duration.ofSeconds(15));
        refreshes.forEach(r -> assertThat(r.path("id").asString()).isEqualTo(streamId));
        List<String> seen = refreshes.stream().map(r -> r.path("content").asString()).toList();
        JsonNode last = refreshes.getLast();
        String asked = "[zhaoliu] " + question; // a group: the model is told who speaks
        String answer = "Thought long about: " + asked;
        assertThat(last.path("finish").asBoolean()).as("finished within 15 s").isTrue();
        assertThat(seen.getLast()).isEqualTo(answer);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("poll %d grows from the one before", i).startsWith(seen.get(i - 1));
        }
        assertThat(seen).as("some poll saw the answer half written")
                .anyMatch(text -> !text.isEmpty() && !text.equals(answer));
        assertThat(app.modelCalls(asked)).as("the @mention is not part of the question").isEqualTo(1);
    }

    @Test
    void ai_bot_url_check_and_bad_callbacks() throws Exception {
        String echostr = app.wechat().bot.encrypt("bot-echo-42");
        Map<String, String> q = new java.util.HashMap<>(app.wechat().signedBot(echostr));
        q.put("echostr", echostr);
        var check = app.wechat().get("/webhook/wechat/wecom-bot", q);
        assertThat(check.body()).isEqualTo("bot-echo-42");

        assertThat(app.wechat().aiBotRaw(Map.of("msg_signature", "x", "timestamp", "1", "nonce", "2"), "not json").status())
                .isEqualTo(400);
        String encrypt = app.wechat().bot.encrypt("{\"msgid\":\"m1\",\"msgtype\":\"text\"}");
        assertThat(app.wechat().aiBotRaw(Map.of("msg_signature", "0000", "timestamp", "1", "nonce", "2"),
                "{\"encrypt\":\"" + encrypt + "\"}").status()).isEqualTo(401);
        assertThat(app.wechat().aiBot("{\"msgid\":\"m2\",\"msgtype\":\"hologram\",\"from\":{\"userid\":\"u\"}}").status()).isEqualTo(400);
        assertThat(app.wechat().aiBot("not json inside").status()).isEqualTo(400);
    }
}
