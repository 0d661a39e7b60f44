package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbot.telegram.TelegramStartupException;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Configuration mistakes stop the app with a message that says what to fix. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTests {

    @Test
    void a_plain_http_webhook_url_stops_start_up_with_the_summary_box_not_a_stack_trace(CapturedOutput output) {
        try (RunningBot bot = new RunningBot().with("bot.telegram.webhook-url", "http://bot.example.org/webhook/telegram")) {
            assertThatThrownBy(bot::start).rootCause().isInstanceOf(TelegramStartupException.class);
        }
        org.assertj.core.api.Assertions.assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("BOT_TELEGRAM_WEBHOOK_URL must be an https:// URL")
                .contains("Put the bot behind HTTPS")
                .doesNotContain("IllegalArgumentException")
                .doesNotContain("\tat dev.chatbot.");
    }

    @Test
    void a_wrong_bot_token_stops_start_up_with_a_clear_error() {
        try (RunningBot bot = new RunningBot().with("bot.telegram.token", "999:WRONG")) {
            assertThatThrownBy(bot::start)
                    .rootCause()
                    .isInstanceOf(TelegramStartupException.class)
                    .hasMessageContaining("Telegram rejected the bot token")
                    .hasMessageContaining("BOT_TELEGRAM_TOKEN")
                    .hasMessageNotContaining("WRONG");
        }
    }

    static String stackTrace(Throwable e) {
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }

    @Test
    void an_unreachable_redis_stops_start_up_with_a_clear_error() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (RunningBot bot = new RunningBot().with("bot.redis.url", "redis://:secretpw@127.0.0.1:" + closedPort)
                .with("bot.redis.timeout", "1s")) {
            assertThatThrownBy(bot::start)
                    .hasStackTraceContaining("Cannot reach Redis at redis://***@127.0.0.1:" + closedPort)
                    .hasStackTraceContaining("BOT_REDIS_URL")
                    .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e).hasStackTraceContaining("RedisUnavailableException"))
                    .satisfies(e -> org.assertj.core.api.Assertions.assertThat(stackTrace(e)).doesNotContain("secretpw"));
        }
    }
}
