package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.FakeWeChatApiServer;
import dev.chatbot.testsupport.ReceivedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * A verified service account, a WeCom app and a WeCom AI bot in one app over HTTP, with a fake
 * WeChat/WeCom API: late answers go out through the customer-service API or message/send with a
 * token shared through Redis, and the AI bot's refresh polls watch the answer grow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WeChatServiceAccountAndWeComTests {

    final FakeWeChatApiServer wechatApi = new FakeWeChatApiServer();
    RunningBot bot;
    WeChatCallbacks wechat;

    @BeforeAll
    void start() {
        bot = new RunningBot()
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
        bot.openai.respondWith(r -> {
            String asked = r.lastUserMessage();
            java.util.regex.Matcher slow = java.util.regex.Pattern.compile("slow (\\d+)").matcher(asked);
            if (slow.find()) {
                long pause = Long.parseLong(slow.group(1));
                return Script.tokens(Duration.ofMillis(pause), "Thought ", "long ", "about: ", asked);
            }
            return Script.text("You said: " + asked, Duration.ofMillis(2));
        });
        bot.start();
        wechat = new WeChatCallbacks(bot.port());
    }

    @AfterAll
    void stop() {
        bot.close();
        wechatApi.close();
    }

    long modelCalls(String text) {
        return bot.openai.requests().stream().map(ReceivedRequest::lastUserMessage).filter(text::equals).count();
    }

    List<FakeWeChatApiServer.Call> sentTo(String user) {
        return wechatApi.sent().stream().filter(c -> user.equals(c.toUser())).toList();
    }

    @Test
    void a_slow_answer_on_a_service_account_gets_success_then_one_customer_service_message() throws Exception {
        String question = "slow 600 service please";
        String xml = WeChatCallbacks.textXml("o_service_user", WeChatCallbacks.msgId(), question);
        var reply = wechat.mpSafe(xml);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("success");
        assertThat(wechat.mpSafe(xml).body()).as("WeChat's retry").isEqualTo("success");
        wechatApi.await(Duration.ofSeconds(15), "a customer-service message", api -> !sentTo("o_service_user").isEmpty());
        var sent = sentTo("o_service_user");
        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst().path()).isEqualTo("/cgi-bin/message/custom/send");
        assertThat(sent.getFirst().content()).isEqualTo("Thought long about: " + question);
        assertThat(sent.getFirst().body().path("msgtype").asString()).isEqualTo("text");
        assertThat(modelCalls(question)).isEqualTo(1);
        assertThat(wechatApi.calls("/cgi-bin/stable_token")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.body().path("appid").asString()).isEqualTo(WeChatCallbacks.MP_APP_ID));
    }

    @Test
    void an_expired_token_is_renewed_and_the_message_still_goes_out() throws Exception {
        wechat.mpSafe(WeChatCallbacks.textXml("o_token_user", WeChatCallbacks.msgId(), "slow 600 first"));
        wechatApi.await(Duration.ofSeconds(15), "the first message", api -> sentTo("o_token_user").size() == 1);
        int issued = wechatApi.tokensIssued();
        wechatApi.expireTokens();
        wechat.mpSafe(WeChatCallbacks.textXml("o_token_user", WeChatCallbacks.msgId(), "slow 600 second"));
        wechatApi.await(Duration.ofSeconds(15), "the second message", api -> sentTo("o_token_user").size() == 2);
        assertThat(sentTo("o_token_user").get(1).content()).isEqualTo("Thought long about: slow 600 second");
        assertThat(wechatApi.tokensIssued()).isGreaterThan(issued);
        assertThat(wechatApi.calls("/cgi-bin/message/custom/send")).anyMatch(c -> !c.accepted())
                .as("the refused call was made once more with the new token").hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void a_message_still_being_answered_when_the_app_stops_is_answered_after_the_restart() throws Exception {
        String user = "o_restart_user";
        bot.openai.enqueue(Script.tokens(Duration.ofSeconds(3), "This ", "answer ", "never ", "ends"));
        var reply = wechat.mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "please survive a restart"));
        assertThat(reply.body()).isEqualTo("success");
        bot.restart(); // no grace: the answer is cut off, its record stays in Redis
        wechat = new WeChatCallbacks(bot.port());
        wechatApi.await(Duration.ofSeconds(15), "the answer after the restart", api -> !sentTo(user).isEmpty());
        assertThat(sentTo(user)).extracting(FakeWeChatApiServer.Call::content)
                .containsExactly("You said: please survive a restart");
        assertThat(modelCalls("please survive a restart")).isEqualTo(2);
    }

    @Test
    void a_passive_answer_too_long_for_one_message_continues_in_customer_service_messages() throws Exception {
        String user = "o_long_reader";
        String paragraph = "这是一个很长的段落。".repeat(40); // 1200 bytes
        String answer = paragraph + "\n\n" + paragraph + "\n\n" + paragraph;
        bot.openai.enqueue(Script.tokens(Duration.ofMillis(1), answer));
        var reply = wechat.mpReply(wechat.mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "tell me a lot")));
        assertThat(reply.get("Content").getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
        // three paragraphs of 1200 bytes: one per message
        wechatApi.await(Duration.ofSeconds(15), "the rest of the answer", api -> sentTo(user).size() == 2);
        List<String> parts = new ArrayList<>();
        parts.add(reply.get("Content"));
        sentTo(user).forEach(c -> parts.add(c.content()));
        assertThat(String.join("\n\n", parts)).isEqualTo(answer);
    }

    @Test
    void a_fast_answer_on_a_service_account_is_still_the_passive_reply() throws Exception {
        var reply = wechat.mpReply(wechat.mpSafe(WeChatCallbacks.textXml("o_quick", WeChatCallbacks.msgId(), "quick one")));
        assertThat(reply).containsEntry("Content", "You said: quick one");
        assertThat(sentTo("o_quick")).isEmpty();
    }

    @Test
    void the_wecom_app_url_check_answers_the_decrypted_echostr() throws Exception {
        var reply = wechat.weComUrlCheck("1616140317555161061");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("1616140317555161061");
    }

    @Test
    void a_wecom_app_message_gets_an_encrypted_passive_reply_when_quick_and_message_send_when_slow() throws Exception {
        String quick = WeChatCallbacks.xml("zhangsan", "text", "<Content><![CDATA[hi wecom]]></Content><MsgId>"
                + WeChatCallbacks.msgId() + "</MsgId><AgentID>1000002</AgentID>");
        assertThat(wechat.weComReply(wechat.weComApp(quick))).containsEntry("ToUserName", "zhangsan")
                .containsEntry("Content", "You said: hi wecom");

        String slow = WeChatCallbacks.xml("lisi", "text", "<Content><![CDATA[slow 600 wecom later]]></Content><MsgId>"
                + WeChatCallbacks.msgId() + "</MsgId><AgentID>1000002</AgentID>");
        var reply = wechat.weComApp(slow);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
        wechatApi.await(Duration.ofSeconds(15), "message/send to lisi", api -> !sentTo("lisi").isEmpty());
        var sent = sentTo("lisi").getFirst();
        assertThat(sent.path()).isEqualTo("/cgi-bin/message/send");
        assertThat(sent.body().path("agentid").asLong()).isEqualTo(1000002);
        assertThat(sent.content()).isEqualTo("Thought long about: slow 600 wecom later");
        assertThat(wechatApi.calls("/cgi-bin/gettoken")).isNotEmpty().allSatisfy(c ->
                assertThat(c.query()).containsEntry("corpid", WeChatCallbacks.CORP_ID));
    }

    @Test
    void a_forged_wecom_app_message_is_refused() throws Exception {
        var reply = wechat.post("/webhook/wechat/wecom", Map.of("msg_signature", "00", "timestamp", "1", "nonce", "2"),
                "<xml><Encrypt><![CDATA[" + wechat.wecom.encrypt(WeChatCallbacks.xml("wangwu", "text",
                        "<Content>forged wecom</Content><MsgId>9</MsgId>")) + "]]></Encrypt></xml>");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(modelCalls("forged wecom")).isZero();
    }

    @Test
    void ai_bot_refresh_polls_show_a_growing_text_and_end_with_finish_and_the_full_answer() throws Exception {
        String question = "slow 250 stream to me";
        String msgId = "aibot-" + WeChatCallbacks.msgId();
        String message = "{\"msgid\":\"" + msgId + "\",\"aibotid\":\"AIBOTID\",\"chatid\":\"CHAT1\",\"chattype\":\"group\","
                + "\"from\":{\"userid\":\"zhaoliu\"},\"response_url\":\"http://example.invalid\",\"msgtype\":\"text\","
                + "\"text\":{\"content\":\"@RobotA " + question + "\"}}";
        JsonNode first = wechat.aiBotReply(wechat.aiBot(message));
        assertThat(first.path("msgtype").asString()).isEqualTo("stream");
        String streamId = first.path("stream").path("id").asString();
        assertThat(streamId).isNotBlank();
        assertThat(first.path("stream").path("finish").asBoolean()).isFalse();
        // WeCom delivering the same msgid again is shown the same stream, not answered twice
        assertThat(wechat.aiBotReply(wechat.aiBot(message)).path("stream").path("id").asString()).isEqualTo(streamId);

        String poll = "{\"msgid\":\"poll-" + WeChatCallbacks.msgId() + "\",\"aibotid\":\"AIBOTID\",\"chatid\":\"CHAT1\","
                + "\"chattype\":\"group\",\"from\":{\"userid\":\"zhaoliu\"},\"msgtype\":\"stream\",\"stream\":{\"id\":\"" + streamId + "\"}}";
        List<String> seen = new ArrayList<>();
        JsonNode last = first;
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!last.path("stream").path("finish").asBoolean() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(60).toNanos()); // WeCom's pace of polls
            last = wechat.aiBotReply(wechat.aiBot(poll));
            assertThat(last.path("stream").path("id").asString()).isEqualTo(streamId);
            seen.add(last.path("stream").path("content").asString());
        }
        String asked = "[zhaoliu] " + question; // a group: the model is told who speaks
        String answer = "Thought long about: " + asked;
        assertThat(last.path("stream").path("finish").asBoolean()).as("finished within 15 s").isTrue();
        assertThat(seen.getLast()).isEqualTo(answer);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("poll %d grows from the one before", i).startsWith(seen.get(i - 1));
        }
        assertThat(seen).as("some poll saw the answer half written")
                .anyMatch(text -> !text.isEmpty() && !text.equals(answer));
        assertThat(modelCalls(asked)).as("the @mention is not part of the question").isEqualTo(1);
    }

    @Test
    void ai_bot_url_check_and_bad_callbacks() throws Exception {
        String echostr = wechat.bot.encrypt("bot-echo-42");
        Map<String, String> q = new java.util.HashMap<>(wechat.signedBot(echostr));
        q.put("echostr", echostr);
        var check = wechat.get("/webhook/wechat/wecom-bot", q);
        assertThat(check.body()).isEqualTo("bot-echo-42");

        assertThat(wechat.aiBotRaw(Map.of("msg_signature", "x", "timestamp", "1", "nonce", "2"), "not json").status())
                .isEqualTo(400);
        String encrypt = wechat.bot.encrypt("{\"msgid\":\"m1\",\"msgtype\":\"text\"}");
        assertThat(wechat.aiBotRaw(Map.of("msg_signature", "0000", "timestamp", "1", "nonce", "2"),
                "{\"encrypt\":\"" + encrypt + "\"}").status()).isEqualTo(401);
        assertThat(wechat.aiBot("{\"msgid\":\"m2\",\"msgtype\":\"hologram\",\"from\":{\"userid\":\"u\"}}").status()).isEqualTo(400);
        assertThat(wechat.aiBot("not json inside").status()).isEqualTo(400);
    }
}
