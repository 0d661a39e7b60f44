package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeDiscordServer;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.FakeWeChatApiServer;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Discord's 429 and WeChat's quota refusals, as the real platforms answer them: each is counted in
 * chatbot_platform_rate_limited_total, and the answer still reaches the user.
 */
class PlatformRateLimitTests {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void a_discord_429_is_waited_out_and_counted() throws Exception {
        String token = "discord-limits-token.not-real";
        try (FakeDiscordServer discord = new FakeDiscordServer(token);
             RunningBot bot = new RunningBot()
                     .with("bot.replica.name", "replica-d")
                     .with("bot.discord.token", token)
                     .with("bot.discord.api-url", discord.apiUrl())
                     .with("bot.discord.gateway-url", discord.gatewayUrl())
                     .with("bot.discord.guild-id", String.valueOf(FakeDiscordServer.GUILD_ID))
                     .with("bot.discord.edit-interval", "150ms")
                     .with("bot.discord.ready-timeout", "20s")
                     .start()) {
            // the answer's first message: sent once it has text, so the 429 falls on the answer itself
            discord.rateLimitNext("POST", "channels/" + FakeDiscordServer.CHANNEL_ID + "/messages");
            discord.guildMessage(FakeDiscordServer.CHANNEL_ID, 600_000_000_000_000_077L, "Dora",
                    "<@" + FakeDiscordServer.BOT_ID + "> hello", true);
            discord.await(WAIT, "the answer, after the 429", d -> d.botMessages(FakeDiscordServer.CHANNEL_ID).stream()
                    .anyMatch(m -> m.content().equals("You said: [Dora] hello")));

            assertThat(discord.rateLimitsAnswered()).isEqualTo(1);
            assertThat(discord.botMessages(FakeDiscordServer.CHANNEL_ID)).as("the refused call made once more, not twice")
                    .hasSize(1);
            String metrics = ReplicaMetricsTests.scrapeUntil(bot,
                    Pattern.compile("chatbot_platform_rate_limited_total\\{[^}]*platform=\"discord\"[^}]*\\} 1\\.0"));
            assertThat(metrics).containsPattern("chatbot_platform_rate_limited_total\\{[^}]*platform=\"discord\"[^}]*replica=\"replica-d\"");
            assertThat(metrics).containsPattern("chatbot_platform_rate_limited_total\\{[^}]*platform=\"telegram\"[^}]*\\} 0\\.0");
        }
    }

    /**
     * A service account's late answer refused for the user's customer-service quota (45047) is not
     * lost: it is the passive reply to the user's next message, ahead of that message's own answer.
     */
    @Test
    void a_customer_service_message_refused_for_its_quota_is_counted_and_rides_on_the_users_next_message() throws Exception {
        try (FakeWeChatApiServer wechatApi = new FakeWeChatApiServer();
             RunningBot bot = new RunningBot()
                     .with("bot.replica.name", "replica-w")
                     .with("bot.wechat.mp.token", WeChatCallbacks.MP_TOKEN)
                     .with("bot.wechat.mp.app-id", WeChatCallbacks.MP_APP_ID)
                     .with("bot.wechat.mp.app-secret", "mp-app-secret-not-real")
                     .with("bot.wechat.mp.aes-key", WeChatCallbacks.MP_AES_KEY)
                     .with("bot.wechat.mp.customer-service", "true")
                     .with("bot.wechat.api-url", wechatApi.apiUrl())
                     .with("bot.wechat.reply-deadline", "1500ms")
                     .with("bot.wechat.shutdown-grace", "0s")) {
            bot.start();
            WeChatCallbacks wechat = new WeChatCallbacks(bot.port());
            String user = "o_quota_user";
            String late = "Thought long about quotas.";
            bot.openai.enqueue(Script.tokens(Duration.ofMillis(500), "Thought ", "long ", "about ", "quotas."));
            wechatApi.refuseNextSend(45047);

            assertThat(wechat.mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "think long")).body())
                    .isEqualTo("success");
            wechatApi.await(WAIT, "the late answer's customer-service message refused",
                    api -> api.calls("/cgi-bin/message/custom/send").stream().anyMatch(c -> !c.accepted()));
            String metrics = ReplicaMetricsTests.scrapeUntil(bot,
                    Pattern.compile("chatbot_platform_rate_limited_total\\{[^}]*platform=\"wechat\"[^}]*\\} 1\\.0"));
            assertThat(metrics).containsPattern("chatbot_platform_rate_limited_total\\{[^}]*platform=\"wechat\"[^}]*replica=\"replica-w\"");

            // the refused answer is kept (in Redis) for the user's next message, whose passive reply carries it first
            String[] content = new String[1];
            dev.chatbot.testsupport.Eventually.await("the refused answer kept for the next message", WAIT, () -> {
                try {
                    content[0] = wechat.mpReply(wechat.mpSafe(WeChatCallbacks.textXml(user, WeChatCallbacks.msgId(), "hello again")))
                            .getOrDefault("Content", "");
                } catch (Exception e) {
                    return false;
                }
                return content[0].startsWith(late);
            });
            assertThat(wechatApi.sent()).as("sent once, as the passive reply").noneMatch(c -> late.equals(c.content()));
        }
    }
}
