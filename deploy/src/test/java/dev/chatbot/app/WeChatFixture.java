package dev.chatbot.app;

import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.FakeWeChatApiServer;
import dev.chatbot.testsupport.ReceivedRequest;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The app with WeChat accounts switched on against the fakes, for the end-to-end tests: the fake
 * WeChat/WeCom API, the bot with its fake model, and WeChat's side of the callbacks to it. Each
 * account kind is one call; the test's own properties go on with {@link #with}. Registered as an
 * extension ({@code @RegisterExtension static final WeChatFixture app = ...}) it starts before the
 * class's tests and stops after them; used inside a test, start it and close it (try-with-resources).
 */
final class WeChatFixture implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    static final String MP_APP_SECRET = "mp-app-secret-not-real";
    static final String WECOM_SECRET = "wecom-secret-not-real";
    static final String AGENT_ID = "1000002";

    final FakeWeChatApiServer api = new FakeWeChatApiServer();
    final RunningBot bot = new RunningBot();
    private WeChatCallbacks wechat;

    /** An Official Account in safe mode, without its AppSecret: a subscription account that sends no pictures. */
    WeChatFixture subscriptionAccount() {
        return with("bot.wechat.mp.token", WeChatCallbacks.MP_TOKEN)
                .with("bot.wechat.mp.app-id", WeChatCallbacks.MP_APP_ID)
                .with("bot.wechat.mp.aes-key", WeChatCallbacks.MP_AES_KEY)
                .with("bot.wechat.api-url", api.apiUrl());
    }

    /** The Official Account's AppSecret: its API, for pictures and, on a service account, customer-service messages. */
    WeChatFixture withAppSecret() {
        return with("bot.wechat.mp.app-secret", MP_APP_SECRET);
    }

    /** A verified service account: late answers (past 1.5 s) as customer-service messages; no grace at a stop. */
    WeChatFixture serviceAccount() {
        return subscriptionAccount().withAppSecret()
                .with("bot.wechat.mp.customer-service", "true")
                .with("bot.wechat.reply-deadline", "1500ms")
                .with("bot.wechat.shutdown-grace", "0s");
    }

    /** WeChat's timings shortened: 1 s for the passive reply, WeChat waiting 1.3 s before each of its 3 retries. */
    WeChatFixture quickRetries() {
        return with("bot.wechat.reply-deadline", "1s")
                .with("bot.wechat.platform-timeout", "1300ms")
                .with("bot.wechat.retries", "3");
    }

    /** A WeCom self-built app: late answers (past 1.5 s) through message/send. */
    WeChatFixture weComApp() {
        return with("bot.wecom.corp-id", WeChatCallbacks.CORP_ID)
                .with("bot.wecom.agent-id", AGENT_ID)
                .with("bot.wecom.secret", WECOM_SECRET)
                .with("bot.wecom.token", WeChatCallbacks.WECOM_TOKEN)
                .with("bot.wecom.aes-key", WeChatCallbacks.WECOM_AES_KEY)
                .with("bot.wecom.api-url", api.apiUrl())
                .with("bot.wecom.reply-deadline", "1500ms");
    }

    /** A WeCom AI bot, whose answers are streams polled by refreshes. */
    WeChatFixture aiBot() {
        return with("bot.wecom.bot.token", WeChatCallbacks.BOT_TOKEN)
                .with("bot.wecom.bot.aes-key", WeChatCallbacks.BOT_AES_KEY);
    }

    WeChatFixture with(String property, String value) {
        bot.with(property, value);
        return this;
    }

    /**
     * The model answers "You said: ..." at once, and a question with "slow N" in it in four tokens N ms
     * apart: "Thought long about: ...".
     */
    WeChatFixture answersSlowlyWhenAsked() {
        bot.openai.respondWith(r -> {
            String asked = r.lastUserMessage();
            Matcher slow = Pattern.compile("slow (\\d+)").matcher(asked);
            if (slow.find()) {
                return Script.tokens(Duration.ofMillis(Long.parseLong(slow.group(1))), "Thought ", "long ", "about: ", asked);
            }
            return Script.text("You said: " + asked, Duration.ofMillis(2));
        });
        return this;
    }

    WeChatFixture start() {
        bot.start();
        wechat = new WeChatCallbacks(bot.port());
        return this;
    }

    /** A restart without grace (see {@link RunningBot#restart}): WeChat calls the new app. */
    void restart() {
        bot.restart();
        wechat = new WeChatCallbacks(bot.port());
    }

    /** WeChat calling the app. */
    WeChatCallbacks wechat() {
        return wechat;
    }

    /** WeChat calling a second replica of the app, on the same Redis. */
    WeChatCallbacks replica(String name) {
        return new WeChatCallbacks(ScaleOutTests.port(bot.startReplica(name)));
    }

    /** How many times the model was asked exactly {@code text}. */
    long modelCalls(String text) {
        return bot.openai.requests().stream().map(ReceivedRequest::lastUserMessage).filter(text::equals).count();
    }

    /** The customer-service messages and message/send calls to {@code user} that went through. */
    List<FakeWeChatApiServer.Call> sentTo(String user) {
        return api.sent().stream().filter(c -> user.equals(c.toUser())).toList();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        bot.close();
        api.close();
    }
}
