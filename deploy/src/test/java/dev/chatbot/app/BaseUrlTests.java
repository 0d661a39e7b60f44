package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A wrong provider URL is named at start-up with what to fix, and answers through it tell the user
 * the provider is misconfigured rather than that it does not know the model.
 */
@ExtendWith(OutputCaptureExtension.class)
class BaseUrlTests {

    static final long ALICE = 111;
    static final long BOB = 222;
    static final Duration WAIT = Duration.ofSeconds(15);

    RunningBot bot;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    @Test
    void openai_base_url_without_v1_is_named_at_start_up_and_answers_say_the_provider_is_misconfigured(
            CapturedOutput output) {
        bot = new RunningBot();
        String withoutV1 = bot.openai.azureEndpoint(); // http://127.0.0.1:PORT, where OpenAI's API is under /v1
        bot.with("openai.base-url", withoutV1).start();

        RunningBot.awaitLog(output, "Provider openai: OPENAI_BASE_URL is " + withoutV1 + ", which has no /models, but "
                + withoutV1 + "/v1 answers: set OPENAI_BASE_URL to " + withoutV1 + "/v1.");

        bot.telegram.privateText(ALICE, "Alice", "en", "Hi!");
        bot.telegram.privateText(BOB, "Bob", "zh-hans", "你好");
        awaitText(ALICE, "The AI provider (openai) is not set up correctly: the bot calls an address it does not have. "
                + "Please tell the bot's admin.");
        awaitText(BOB, "AI 服务商（openai）配置有误：机器人调用的地址不存在，请联系机器人管理员。");
        RunningBot.awaitLog(output, "error=Misconfigured detail=HTTP 404: { \"error\": { \"message\": \"Invalid URL "
                + "(POST /chat/completions)\"");
        assertThat(output.getAll())
                .contains("POST " + withoutV1 + "/chat/completions does not exist: check the provider's base URL")
                .doesNotContain("error=ModelNotFound");
        assertThat(bot.openai.requests()).as("no answer was asked for at a URL that exists").isEmpty();
    }

    @Test
    void an_unreachable_base_url_is_warned_about_and_the_bot_starts_anyway(CapturedOutput output) throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String unreachable = "http://127.0.0.1:" + closed + "/v1";
        bot = new RunningBot().with("openai.base-url", unreachable).start();

        RunningBot.awaitLog(output, "Provider openai: could not reach " + unreachable + " (ConnectException");
        assertThat(output.getAll()).contains("If the address is wrong, fix OPENAI_BASE_URL.");
        bot.telegram.await(WAIT, "the bot up and polling", t -> !t.calls("getUpdates").isEmpty());
    }

    @Test
    void a_good_base_url_gets_no_warning(CapturedOutput output) {
        bot = new RunningBot().start();
        RunningBot.awaitLog(output, "Provider openai: " + bot.openai.baseUrl() + " answers");
        assertThat(output.getAll().lines().filter(l -> l.contains(" WARN ") && l.contains("BaseUrlCheck")))
                .as("warnings about provider URLs").isEmpty();
    }

    @Test
    void anthropic_gemini_and_azure_urls_are_checked_by_shape() {
        assertThat(BaseUrlCheck.shapeProblem("anthropic", "https://api.anthropic.com/v1"))
                .hasValue("leave out the /v1 (the bot adds /v1/messages): https://api.anthropic.com");
        assertThat(BaseUrlCheck.shapeProblem("anthropic", "https://proxy.example.com/anthropic")).isEmpty();
        assertThat(BaseUrlCheck.shapeProblem("gemini", "https://generativelanguage.googleapis.com/v1beta"))
                .hasValue("leave out the version (the bot adds it): https://generativelanguage.googleapis.com");
        assertThat(BaseUrlCheck.shapeProblem("gemini", "https://generativelanguage.googleapis.com")).isEmpty();
        assertThat(BaseUrlCheck.shapeProblem("azure", "https://res.openai.azure.com/openai/deployments/x")).isPresent();
        assertThat(BaseUrlCheck.shapeProblem("azure", "https://res.openai.azure.com")).isEmpty();
    }

    private void awaitText(long chat, String text) {
        bot.telegram.await(WAIT, "'" + text + "' in chat " + chat,
                t -> t.botMessages(chat).stream().anyMatch(m -> m.text().equals(text)));
    }
}
