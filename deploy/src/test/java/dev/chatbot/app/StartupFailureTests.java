package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbot.telegram.TelegramStartupException;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Configuration mistakes stop the app with a message that says what to fix. */
class StartupFailureTests {

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
