package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.limits.Limits;
import dev.chatbot.core.limits.Period;
import dev.chatbot.core.limits.QuotaStore;
import dev.chatbot.core.limits.Spend;
import dev.chatbot.core.tools.Toolbox;
import dev.chatbot.testsupport.Eventually;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.FakeOpenAiServer.ToolCallScript;
import dev.chatbot.testsupport.FakeTelegramServer;
import dev.chatbot.testsupport.HttpMcpServer;
import dev.chatbot.testsupport.ReceivedRequest;
import dev.chatbot.testsupport.StdioMcpServerMain;
import dev.chatbot.testsupport.TestMcpTools;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Tools end to end through Telegram: the OpenAI fake streams tool calls in pieces, the bot runs them
 * (built-in tools, a test MCP server over stdio as a child JVM, one over streamable HTTP), sends the
 * results back and streams the answer.
 */
class ToolConversationTests {

    static final long ALICE = 111;
    static final long ADMIN = 999;
    static final Duration WAIT = Duration.ofSeconds(30);

    RunningBot bot;
    HttpMcpServer httpMcp;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        if (httpMcp != null) {
            httpMcp.close();
        }
    }

    /** The bot with the stdio test MCP server "dict" (and the HTTP one as "wiki" when given). */
    RunningBot startWithMcp(HttpMcpServer http) {
        bot = new RunningBot().with("bot.admins", "telegram:" + ADMIN);
        List<String> command = StdioMcpServerMain.command();
        bot.with("bot.tools.mcp-servers[0].name", "dict").with("bot.tools.mcp-servers[0].command", command.getFirst());
        for (int i = 1; i < command.size(); i++) {
            bot.with("bot.tools.mcp-servers[0].args[" + (i - 1) + "]", command.get(i));
        }
        bot.with("bot.tools.mcp-servers[0].timeout", "20s").with("bot.tools.timeout", "3s");
        if (http != null) {
            bot.with("bot.tools.mcp-servers[1].name", "wiki").with("bot.tools.mcp-servers[1].url", http.url())
                    .with("bot.tools.mcp-servers[1].headers.Authorization", "Bearer " + HttpMcpServer.TOKEN);
        }
        bot.start();
        Eventually.await("the MCP servers to be ready", WAIT, () -> bot.bean(Toolbox.class).sources().stream()
                .allMatch(s -> s.trouble().isEmpty()));
        return bot;
    }

    FakeTelegramServer telegram() {
        return bot.telegram;
    }

    void awaitBotText(long chatId, int index, String text) {
        telegram().await(WAIT, "bot message #" + index + " in " + chatId + " to read: " + text,
                t -> t.botMessages(chatId).size() > index && t.botMessages(chatId).get(index).text().equals(text));
    }

    static JsonNode toolMessage(ReceivedRequest request, String callId) {
        for (JsonNode m : request.body().path("messages")) {
            if (m.path("role").asString("").equals("tool") && m.path("tool_call_id").asString("").equals(callId)) {
                return m;
            }
        }
        throw new AssertionError("no tool message for " + callId + " in " + request.body());
    }

    @Test
    void a_stdio_mcp_tool_is_called_with_streamed_arguments_and_the_answer_follows() {
        startWithMcp(null);
        bot.openai.enqueue(bot.openai.toolCalls(40, 12, new ToolCallScript("call_1", "lookup_word", "{\"word\": \"serendipity\"}")));
        bot.openai.respondWith(r -> Script.text("Serendipity means a happy accident.", Duration.ofMillis(300)));
        telegram().privateText(ALICE, "Alice", "en", "What does serendipity mean?");
        awaitBotText(ALICE, 0, "Serendipity means a happy accident.");
        // the tool ran once, with the arguments assembled from their pieces, and its result went back
        ReceivedRequest second = bot.openai.requests().get(1);
        assertThat(toolMessage(second, "call_1").path("content").asString())
                .isEqualTo(TestMcpTools.definition("serendipity"));
        assertThat(second.body().path("tools").toString()).contains("lookup_word", "current_time", "fetch_url");
        // the reply showed the step while it ran
        assertThat(telegram().calls("sendmessagedraft", ALICE).stream().map(FakeTelegramServer.Call::text))
                .contains("\ud83d\udd27 running lookup_word\u2026");
    }

    @Test
    void parallel_calls_run_in_one_step_and_fetch_url_refuses_internal_addresses() {
        startWithMcp(null);
        bot.openai.enqueue(bot.openai.toolCalls(30, 20,
                new ToolCallScript("call_a", "fetch_url", "{\"url\":\"http://127.0.0.1:" + bot.openai.baseUrl().split(":")[2].split("/")[0] + "/\"}"),
                new ToolCallScript("call_b", "fetch_url", "{\"url\":\"http://10.0.0.1/\"}"),
                new ToolCallScript("call_c", "fetch_url", "{\"url\":\"http://169.254.169.254/latest/meta-data/\"}"),
                new ToolCallScript("call_d", "current_time", "{\"timezone\":\"Asia/Shanghai\"}")));
        bot.openai.respondWith(r -> Script.text("I may not read those pages.", Duration.ofMillis(5)));
        telegram().privateText(ALICE, "Alice", "en", "Read my router's page");
        awaitBotText(ALICE, 0, "I may not read those pages.");
        assertThat(bot.openai.requests()).hasSize(2);
        ReceivedRequest second = bot.openai.requests().get(1);
        for (String call : List.of("call_a", "call_b", "call_c")) {
            assertThat(toolMessage(second, call).path("content").asString()).contains("internal address");
        }
        assertThat(toolMessage(second, "call_d").path("content").asString()).contains("+08:00", "Asia/Shanghai");
    }

    @Test
    void the_http_mcp_server_is_listed_by_tools_and_its_tool_is_called() {
        httpMcp = new HttpMcpServer();
        startWithMcp(httpMcp);
        telegram().privateText(ALICE, "Alice", "en", "/tools");
        telegram().await(WAIT, "the tools list", t -> !t.botMessages(ALICE).isEmpty());
        String listing = telegram().botMessages(ALICE).getFirst().text();
        assertThat(listing).contains("current_time (built-in)", "fetch_url (built-in)", "MCP server dict (6 tools)",
                "MCP server wiki (6 tools)", "lookup_word");

        bot.openai.enqueue(bot.openai.toolCalls(30, 10, new ToolCallScript("call_w", "lookup_word", "{\"word\":\"wiki\"}")));
        bot.openai.respondWith(r -> Script.text("Looked it up.", Duration.ofMillis(5)));
        telegram().privateText(ALICE, "Alice", "en", "look up wiki");
        awaitBotText(ALICE, 1, "Looked it up.");
        assertThat(toolMessage(bot.openai.requests().get(1), "call_w").path("content").asString())
                .isEqualTo(TestMcpTools.definition("wiki"));
        assertThat(httpMcp.refused()).isZero();
    }

    @Test
    void admins_switch_a_tool_off_and_a_looping_model_ends_at_the_step_limit() {
        startWithMcp(null);
        telegram().privateText(ALICE, "Alice", "en", "/tools off fetch_url");
        awaitBotText(ALICE, 0, "Only admins can switch tools on or off.");
        telegram().privateText(ADMIN, "Root", "en", "/tools off fetch_url");
        awaitBotText(ADMIN, 0, "Done! fetch_url is off in this chat.");

        bot.openai.respondWith(r -> Script.text("unused", Duration.ZERO));
        for (int i = 0; i < 6; i++) {
            bot.openai.enqueue(bot.openai.toolCalls(10, 5, new ToolCallScript("call_" + i, "huge_page", "{}")));
        }
        telegram().privateText(ADMIN, "Root", "en", "loop please");
        telegram().await(WAIT, "the step limit note", t -> t.botMessages(ADMIN).size() > 1
                && t.botMessages(ADMIN).get(1).text().contains("I stopped after 5 rounds of tools"));
        // five steps ran, the sixth call was not run; fetch_url was not offered in this chat
        assertThat(bot.openai.requests()).hasSize(6);
        ReceivedRequest last = bot.openai.requests().get(5);
        assertThat(last.body().path("tools").toString()).doesNotContain("fetch_url");
        // a huge result reached the model cut to the budget
        String huge = toolMessage(last, "call_0").path("content").asString();
        assertThat(huge.length()).isLessThan(TestMcpTools.HUGE / 10);
        assertThat(huge).contains("[cut: the result had " + TestMcpTools.HUGE + " characters]");
    }

    Spend usedToday(long user) {
        return bot.bean(QuotaStore.class).usage("telegram:" + user, Limits.none()).toCompletableFuture().join()
                .used(Period.DAY);
    }

    @Test
    void openai_steps_are_metered_as_one_request_with_the_tokens_of_both() {
        startWithMcp(null);
        bot.openai.enqueue(bot.openai.toolCalls(40, 12, new ToolCallScript("call_1", "lookup_word", "{\"word\":\"quota\"}")));
        bot.openai.respondWith(r -> Script.text("Done.", Duration.ofMillis(5)).withUsage(70, 3));
        telegram().privateText(ALICE, "Alice", "en", "define quota");
        awaitBotText(ALICE, 0, "Done.");
        Eventually.await("both steps metered", WAIT, () -> usedToday(ALICE).tokens() == 40 + 12 + 70 + 3);
        assertThat(usedToday(ALICE).requests()).isEqualTo(1);
    }

    @Test
    void anthropic_streams_a_tool_use_in_pieces_gets_the_result_and_answers() {
        startWithMcp(null);
        telegram().privateText(ALICE, "Alice", "en", "/model claude-sonnet-4-5");
        awaitBotText(ALICE, 0, "Done! This chat now uses claude-sonnet-4-5 (anthropic).");
        bot.anthropic.enqueue(bot.anthropic.toolUse(50, 20, "Let me look that up.",
                new ToolCallScript("toolu_1", "lookup_word", "{\"word\": \"petrichor\"}")));
        bot.anthropic.respondWith(r -> Script.text("It is the smell of rain.", Duration.ofMillis(5)));
        telegram().privateText(ALICE, "Alice", "en", "What is petrichor?");
        awaitBotText(ALICE, 1, "Let me look that up.\n\nIt is the smell of rain.");
        assertThat(bot.anthropic.requests()).hasSize(2);
        JsonNode messages = bot.anthropic.requests().get(1).body().path("messages");
        JsonNode result = messages.get(messages.size() - 1).path("content").get(0);
        assertThat(result.path("tool_use_id").asString()).isEqualTo("toolu_1");
        assertThat(result.path("content").asString()).isEqualTo(TestMcpTools.definition("petrichor"));
        // settled: the turn's one request and more than the first step's tokens (a step in flight holds no request either)
        Eventually.await("both steps metered", WAIT, () -> usedToday(ALICE).tokens() > 50 + 20 && usedToday(ALICE).requests() == 1);
    }

    @Test
    void gemini_calls_a_function_gets_the_response_and_answers() {
        startWithMcp(null);
        telegram().privateText(ALICE, "Alice", "en", "/model gemini-2.5-flash");
        awaitBotText(ALICE, 0, "Done! This chat now uses gemini-2.5-flash (gemini).");
        bot.gemini.enqueue(bot.gemini.functionCalls(30, 5, new ToolCallScript("g1", "lookup_word", "{\"word\": \"hygge\"}")));
        bot.gemini.respondWith(r -> Script.text("Cosiness, in Danish.", Duration.ofMillis(5)));
        telegram().privateText(ALICE, "Alice", "en", "What is hygge?");
        awaitBotText(ALICE, 1, "Cosiness, in Danish.");
        assertThat(bot.gemini.requests()).hasSize(2);
        JsonNode contents = bot.gemini.requests().get(1).body().path("contents");
        JsonNode call = contents.get(contents.size() - 2).path("parts").get(0);
        assertThat(call.path("thoughtSignature").asString()).isEqualTo("sig-g1");
        JsonNode response = contents.get(contents.size() - 1).path("parts").get(0).path("functionResponse");
        assertThat(response.path("name").asString()).isEqualTo("lookup_word");
        assertThat(response.path("response").path("result").asString()).isEqualTo(TestMcpTools.definition("hygge"));
        Eventually.await("both steps metered", WAIT, () -> usedToday(ALICE).tokens() > 30 + 5 && usedToday(ALICE).requests() == 1);
    }

    @Test
    void stop_ends_the_loop_while_a_tool_hangs() {
        startWithMcp(null);
        bot.openai.enqueue(bot.openai.toolCalls(10, 5, new ToolCallScript("call_h", "hang", "{}")));
        telegram().privateText(ALICE, "Alice", "en", "wait forever");
        telegram().await(WAIT, "the reply to show the hanging tool", t -> t.calls("sendmessagedraft", ALICE).stream()
                .anyMatch(c -> c.text().contains("running hang")));
        telegram().privateText(ALICE, "Alice", "en", "/stop");
        telegram().await(WAIT, "the stopped answer", t -> t.botMessages(ALICE).stream().anyMatch(m -> m.text().contains("Stopped")));
        assertThat(bot.openai.requests()).hasSize(1);
    }

    @Test
    void an_mcp_server_that_cannot_start_is_reported_and_the_bot_answers_without_it() {
        bot = new RunningBot().with("bot.tools.mcp-servers[0].name", "broken")
                .with("bot.tools.mcp-servers[0].command", "/nonexistent/mcp-server").start();
        telegram().privateText(ALICE, "Alice", "en", "/tools");
        telegram().await(WAIT, "the tools list", t -> !t.botMessages(ALICE).isEmpty());
        Eventually.await("the server to be reported", WAIT, () -> bot.bean(Toolbox.class).sources().stream()
                .anyMatch(s -> s.trouble().orElse("").startsWith("could not start")));
        telegram().privateText(ALICE, "Alice", "en", "/tools");
        telegram().await(WAIT, "the second tools list", t -> t.botMessages(ALICE).size() > 1);
        assertThat(telegram().botMessages(ALICE).get(1).text()).contains("\u26a0\ufe0f MCP server broken: could not start");
        telegram().privateText(ALICE, "Alice", "en", "still there?");
        awaitBotText(ALICE, 2, "You said: still there?");
        assertThat(bot.openai.requests().getFirst().body().path("tools").toString()).contains("current_time");
    }
}
