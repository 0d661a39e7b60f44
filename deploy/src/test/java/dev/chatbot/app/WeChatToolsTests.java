package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.FakeOpenAiServer.ToolCallScript;
import dev.chatbot.testsupport.FakeWeChatApiServer;
import dev.chatbot.testsupport.ReceivedRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Tools end to end through WeChat: the OpenAI fake streams a current_time call in pieces, the bot runs it,
 * sends the result back in the follow-up request, and the WeChat user gets only the final answer, on a
 * service account (a late answer through the customer-service API) and on a WeCom AI bot (refresh polls).
 */
class WeChatToolsTests {

    static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final WeChatFixture app = new WeChatFixture().serviceAccount().aiBot();

    /** The model's requests since {@code from}: a working tool loop makes exactly two per question. */
    List<ReceivedRequest> requestsSince(int from) {
        List<ReceivedRequest> all = app.bot.openai.requests();
        return all.subList(from, all.size());
    }

    /** The second request carries the assistant's call as assembled from its pieces and the tool's result. */
    static String toolResultIn(ReceivedRequest second, String callId, String arguments) {
        JsonNode call = null;
        JsonNode result = null;
        for (JsonNode m : second.body().path("messages")) {
            if (m.path("role").asString("").equals("assistant")) {
                for (JsonNode c : m.path("tool_calls")) {
                    if (c.path("id").asString("").equals(callId)) {
                        call = c;
                    }
                }
            }
            if (m.path("role").asString("").equals("tool") && m.path("tool_call_id").asString("").equals(callId)) {
                assertThat(result).as("one result for " + callId).isNull();
                result = m;
            }
        }
        assertThat(call).as("the assistant's call " + callId + " in " + second.body()).isNotNull();
        assertThat(call.path("function").path("name").asString()).isEqualTo("current_time");
        assertThat(call.path("function").path("arguments").asString()).isEqualTo(arguments);
        assertThat(result).as("the tool result for " + callId + " in " + second.body()).isNotNull();
        return result.path("content").asString();
    }

    @Test
    void a_service_account_user_gets_the_answer_after_the_tool_in_one_customer_service_message() throws Exception {
        String user = "o_tool_user";
        String arguments = "{\"timezone\": \"Asia/Shanghai\"}";
        int from = app.bot.openai.requests().size();
        app.bot.openai.enqueue(app.bot.openai.toolCalls(30, 8, new ToolCallScript("call_wx", "current_time", arguments)));
        // the answer is slow on purpose, so it always comes after the passive reply's deadline
        app.bot.openai.enqueue(Script.tokens(Duration.ofMillis(600), "In Shanghai ", "it is ", "evening ", "now."));
        var reply = app.wechat().mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "What time is it in Shanghai?"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("success");

        app.api.await(WAIT, "a customer-service message to " + user, api -> !app.sentTo(user).isEmpty());
        List<FakeWeChatApiServer.Call> sent = app.sentTo(user);
        assertThat(sent).extracting(FakeWeChatApiServer.Call::content).containsExactly("In Shanghai it is evening now.");
        assertThat(sent.getFirst().path()).isEqualTo("/cgi-bin/message/custom/send");

        List<ReceivedRequest> requests = requestsSince(from);
        assertThat(requests).as("the call, then the answer with its result").hasSize(2);
        assertThat(requests.getFirst().body().path("tools").toString()).contains("current_time");
        assertThat(toolResultIn(requests.get(1), "call_wx", arguments)).contains("Asia/Shanghai", "+08:00");
    }

    @Test
    void a_wecom_ai_bot_poll_ends_with_the_answer_after_the_tool() throws Exception {
        String arguments = "{\"timezone\":\"UTC\"}";
        int from = app.bot.openai.requests().size();
        app.bot.openai.enqueue(app.bot.openai.toolCalls(20, 5, new ToolCallScript("call_ai", "current_time", arguments)));
        app.bot.openai.enqueue(Script.tokens(Duration.ofMillis(50), "It is ", "noon ", "in UTC."));
        String message = WeChatCallbacks.aiBotText("tooluser", "CHAT9", "@RobotA what time is it?");
        JsonNode first = app.wechat().aiBotReply(app.wechat().aiBot(message));
        String streamId = first.path("stream").path("id").asString();
        assertThat(streamId).isNotBlank();

        JsonNode last = app.wechat().refreshUntilFinished(WeChatCallbacks.aiBotPoll("tooluser", "CHAT9", streamId), WAIT)
                .getLast();
        assertThat(last.path("finish").asBoolean()).as("finished").isTrue();
        assertThat(last.path("content").asString()).isEqualTo("It is noon in UTC.");

        List<ReceivedRequest> requests = requestsSince(from);
        assertThat(requests).as("the call, then the answer with its result").hasSize(2);
        assertThat(toolResultIn(requests.get(1), "call_ai", arguments)).contains("UTC");
    }
}
