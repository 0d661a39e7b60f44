package dev.chatbot.wechat.spring;

import dev.chatbot.core.engine.ConversationEngine;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.inbox.InboxStore;
import dev.chatbot.core.logging.LogSecrets;
import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.core.reply.ReplyClock;
import dev.chatbot.wechat.AccessTokens;
import dev.chatbot.wechat.Deliveries;
import dev.chatbot.wechat.LaterAnswers;
import dev.chatbot.wechat.MpCustomerService;
import dev.chatbot.wechat.OfficialAccount;
import dev.chatbot.wechat.PictureUpload;
import dev.chatbot.wechat.SharedStreams;
import dev.chatbot.wechat.TokenReadiness;
import dev.chatbot.wechat.WeChatInboxes;
import dev.chatbot.wechat.WeComAiBot;
import dev.chatbot.wechat.WeComApp;
import dev.chatbot.wechat.WeComMessages;
import dev.chatbot.wechat.WxApi;
import dev.chatbot.wechat.WxMedia;
import dev.chatbot.wechat.WxCrypto;
import dev.chatbot.core.reply.PlatformRateLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * WeChat's three callbacks, each on when its own variables are set: the Official Account
 * (BOT_WECHAT_MP_TOKEN), the WeCom app (BOT_WECOM_TOKEN) and the WeCom AI bot
 * (BOT_WECOM_BOT_TOKEN). As an auto-configuration it runs after the app's own configuration,
 * which provides the engine, the inbox store and Redis.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnExpression("!'${bot.wechat.mp.token:}'.isBlank() or !'${bot.wecom.token:}'.isBlank()"
        + " or !'${bot.wecom.bot.token:}'.isBlank()")
@EnableConfigurationProperties({WeChatProperties.class, WeComProperties.class})
public class WeChatAutoConfiguration {

    @Bean
    WeChatInboxes weChatInboxes(InboxStore inboxStore, ConversationEngine engine) {
        return new WeChatInboxes(inboxStore, engine::submit);
    }

    @Bean
    WeChatLifecycle weChatLifecycle(WeChatInboxes inboxes, WeChatProperties wechat,
                                    org.springframework.beans.factory.ObjectProvider<OfficialAccount> officialAccount,
                                    org.springframework.beans.factory.ObjectProvider<WeComApp> weComApp,
                                    org.springframework.beans.factory.ObjectProvider<WeComAiBot> weComAiBot,
                                    @Value("${bot.replica.lease:10s}") Duration replicaLease) {
        return new WeChatLifecycle(inboxes, wechat.shutdownGrace(), replicaLease, officialAccount.getIfAvailable(),
                weComApp.getIfAvailable(), weComAiBot.getIfAvailable());
    }

    @Bean
    TokenReadiness weChatTokenReadiness() {
        return new TokenReadiness(Duration.ofMinutes(1), Clock.systemUTC());
    }

    /** Health and readiness, where the app has Spring Boot's health support (the actuator). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Health {

        @Bean
        WeChatHealthIndicator wechatHealthIndicator(TokenReadiness weChatTokenReadiness) {
            return new WeChatHealthIndicator(weChatTokenReadiness);
        }
    }

    static JsonMapper json() {
        return JsonMapper.builder().build();
    }

    static HttpClient http() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("!'${bot.wechat.mp.token:}'.isBlank()")
    static class OfficialAccountConfiguration {

        @Bean
        OfficialAccount officialAccount(WeChatProperties wechat, WeChatInboxes inboxes, RedisConnection redis,
                                        RedisKeys keys, Texts texts, TokenReadiness tokenReadiness,
                                        org.springframework.beans.factory.ObjectProvider<PlatformRateLimits> rateLimits) {
            WeChatProperties.Mp mp = wechat.mp();
            LogSecrets.add(mp.token());
            LogSecrets.add(mp.appSecret());
            LogSecrets.add(mp.aesKey());
            if (mp.customerService()) {
                require(mp.appId(), "BOT_WECHAT_MP_APP_ID", "the customer-service API");
                require(mp.appSecret(), "BOT_WECHAT_MP_APP_SECRET", "the customer-service API");
            }
            MpCustomerService customerService = null;
            PictureUpload pictures = null;
            // the AppSecret opens the API: pictures (temporary media) on any account, customer service on a verified one
            if (mp.appSecret() != null && !mp.appSecret().isBlank()) {
                require(mp.appId(), "BOT_WECHAT_MP_APP_ID", "the API (BOT_WECHAT_MP_APP_SECRET)");
                WxApi api = new WxApi(http(), json(), URI.create(wechat.apiUrl()), OfficialAccount.PLATFORM,
                        rateLimits.getIfAvailable(() -> PlatformRateLimits.NONE));
                AccessTokens tokens = new AccessTokens("Official Account", redis.commands(),
                        keys.prefix() + ":{wxtoken:mp:" + mp.appId() + "}:access",
                        MpCustomerService.tokens(api, mp.appId(), mp.appSecret()), Clock.systemUTC());
                api.useTokens(tokens);
                tokenReadiness.watch(tokens);
                pictures = new PictureUpload(api, PictureUpload.MP_MAX_BYTES);
                customerService = mp.customerService() ? new MpCustomerService(api) : null;
            }
            if (mp.aesKey() != null && !mp.aesKey().isBlank()) {
                require(mp.appId(), "BOT_WECHAT_MP_APP_ID", "safe mode (BOT_WECHAT_MP_AES_KEY)");
            }
            OfficialAccount.Settings settings = new OfficialAccount.Settings(mp.token(), mp.appId(), mp.aesKey(),
                    mp.customerService(), wechat.replyDeadline(), wechat.platformTimeout(), wechat.retries());
            return new OfficialAccount(settings, inboxes.inbox(OfficialAccount.PLATFORM, wechat.rememberIds()),
                    new LaterAnswers(redis.commands(), keys.prefix(), OfficialAccount.PLATFORM, wechat.keepAnswers()),
                    new Deliveries(redis.commands(), keys.prefix(), OfficialAccount.PLATFORM, wechat.rememberIds()),
                    customerService, texts, ReplyClock.SYSTEM, Clock.systemUTC(), new WxMedia(URI.create(wechat.apiUrl())),
                    pictures);
        }

        @Bean
        OfficialAccountController officialAccountController(OfficialAccount officialAccount) {
            return new OfficialAccountController(officialAccount);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("!'${bot.wecom.token:}'.isBlank()")
    static class WeComAppConfiguration {

        @Bean
        WeComApp weComApp(WeComProperties wecom, WeChatInboxes inboxes, RedisConnection redis, RedisKeys keys,
                          Texts texts, TokenReadiness tokenReadiness,
                          org.springframework.beans.factory.ObjectProvider<PlatformRateLimits> rateLimits) {
            require(wecom.corpId(), "BOT_WECOM_CORP_ID", "the WeCom app");
            require(wecom.aesKey(), "BOT_WECOM_AES_KEY", "the WeCom app");
            require(wecom.secret(), "BOT_WECOM_SECRET", "the WeCom app");
            require(wecom.agentId(), "BOT_WECOM_AGENT_ID", "the WeCom app");
            LogSecrets.add(wecom.token());
            LogSecrets.add(wecom.secret());
            LogSecrets.add(wecom.aesKey());
            long agentId;
            try {
                agentId = Long.parseLong(wecom.agentId().strip());
            } catch (NumberFormatException e) {
                throw new IllegalStateException("BOT_WECOM_AGENT_ID must be the app's numeric AgentId, not " + wecom.agentId());
            }
            WxApi api = new WxApi(http(), json(), URI.create(wecom.apiUrl()), WeComApp.PLATFORM,
                    rateLimits.getIfAvailable(() -> PlatformRateLimits.NONE));
            AccessTokens tokens = new AccessTokens("WeCom app", redis.commands(), keys.prefix() + ":{wxtoken:wecom:"
                    + wecom.corpId() + ":" + agentId + "}:access", WeComMessages.tokens(api, wecom.corpId(), wecom.secret()),
                    Clock.systemUTC());
            api.useTokens(tokens);
            tokenReadiness.watch(tokens);
            return new WeComApp(new WxCrypto(wecom.token(), wecom.aesKey(), wecom.corpId()), wecom.replyDeadline(),
                    inboxes.inbox(WeComApp.PLATFORM, wecom.rememberIds()), new WeComMessages(api, agentId), texts,
                    ReplyClock.SYSTEM, Clock.systemUTC(), new WxMedia(URI.create(wecom.apiUrl())),
                    new PictureUpload(api, PictureUpload.WECOM_MAX_BYTES));
        }

        @Bean
        WeComAppController weComAppController(WeComApp weComApp) {
            return new WeComAppController(weComApp);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("!'${bot.wecom.bot.token:}'.isBlank()")
    static class WeComAiBotConfiguration {

        @Bean
        WeComAiBot weComAiBot(WeComProperties wecom, WeChatInboxes inboxes, Texts texts, RedisConnection redis,
                              RedisKeys keys) {
            WeComProperties.Bot bot = wecom.bot();
            require(bot.aesKey(), "BOT_WECOM_BOT_AES_KEY", "the WeCom AI bot");
            LogSecrets.add(bot.token());
            LogSecrets.add(bot.aesKey());
            JsonMapper json = json();
            // kept twice as long as WeCom polls: a late poll still finds its stream
            SharedStreams shared = new SharedStreams(redis.commands(), json, bot.streamLimit().multipliedBy(2),
                    bot.shareInterval());
            return new WeComAiBot(new WxCrypto(bot.token(), bot.aesKey(), ""),
                    inboxes.inbox(WeComAiBot.PLATFORM, wecom.rememberIds()), json, texts, bot.streamLimit(),
                    bot.maxBytes(), shared, keys, Clock.systemUTC());
        }

        @Bean
        WeComAiBotController weComAiBotController(WeComAiBot weComAiBot) {
            return new WeComAiBotController(weComAiBot);
        }
    }

    private static void require(String value, String variable, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(what + " needs " + variable);
        }
    }
}
