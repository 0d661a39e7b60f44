package dev.chatbot.app;

import static dev.chatbot.app.ReadinessTests.awaitReadiness;
import static dev.chatbot.app.ReadinessTests.probe;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A wrong AppSecret or corp secret shows at start-up: readiness is DOWN with WeChat's reason, not
 * a warning at the first late answer. Liveness stays UP, since a restart fixes no secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class WeChatReadinessTests {

    static final String MP_SECRET = "the-right-mp-secret";
    static final String WECOM_SECRET = "the-right-wecom-secret";

    /** A service account and a WeCom app whose fake API takes only the right secrets, given these. */
    WeChatFixture app(String mpSecret, String weComSecret) {
        WeChatFixture app = new WeChatFixture().serviceAccount().weComApp()
                .with("bot.wechat.mp.app-secret", mpSecret)
                .with("bot.wecom.secret", weComSecret);
        app.api.acceptOnlySecret(WeChatCallbacks.MP_APP_ID, MP_SECRET);
        app.api.acceptOnlySecret(WeChatCallbacks.CORP_ID, WECOM_SECRET);
        return app;
    }

    @Test
    void a_wrong_appsecret_makes_the_bot_unready_with_wechats_reason_at_start_up(CapturedOutput output) {
        try (WeChatFixture app = app("a-mistyped-mp-secret", WECOM_SECRET).start()) {
            RunningBot bot = app.bot;
            awaitReadiness(bot, "not ready: the Official Account gets no token", p -> p.status() == 503
                    && p.component("wechat").equals("DOWN") && p.detail("wechat").contains("WeCom app: access token fetched"));
            assertThat(probe(bot, "/readiness").detail("wechat"))
                    .contains("Official Account: no access token: errcode 40125 invalid appsecret");
            assertThat(probe(bot, "/liveness").status()).as("liveness: a restart fixes no secret").isEqualTo(200);
            assertThat(output.getAll()).contains("The Official Account got no access token: errcode 40125")
                    .doesNotContain("a-mistyped-mp-secret");
            assertThat(app.api.sent()).as("nothing was sent; the token was asked for at start-up").isEmpty();
        }
    }

    @Test
    void a_wrong_corp_secret_shows_as_wecoms_40001_and_right_secrets_are_ready() {
        try (WeChatFixture app = app(MP_SECRET, "a-mistyped-wecom-secret").start()) {
            RunningBot bot = app.bot;
            awaitReadiness(bot, "not ready: the WeCom app gets no token", p -> p.status() == 503
                    && p.detail("wechat").contains("WeCom app: no access token: errcode 40001"));
            assertThat(probe(bot, "/readiness").detail("wechat")).contains("Official Account: access token fetched");
        }
        try (WeChatFixture app = app(MP_SECRET, WECOM_SECRET).start()) {
            RunningBot bot = app.bot;
            awaitReadiness(bot, "ready: both accounts have a token", p -> p.status() == 200
                    && p.component("wechat").equals("UP"));
        }
    }
}
