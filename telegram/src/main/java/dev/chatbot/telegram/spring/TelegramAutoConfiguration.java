package dev.chatbot.telegram.spring;

import dev.chatbot.core.engine.ConversationEngine;
import dev.chatbot.core.inbox.InboxStore;
import dev.chatbot.core.logging.LogSecrets;
import dev.chatbot.telegram.TelegramSettings;
import dev.chatbot.telegram.TelegramBot;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Telegram, when BOT_TELEGRAM_TOKEN is set: the app that has this module on its class path gets
 * the bot, its polling and its webhook without naming Telegram. As an auto-configuration it runs
 * after the app's own configuration, which provides the engine and the inbox store.
 */
@AutoConfiguration
@ConditionalOnExpression("!'${bot.telegram.token:}'.isBlank()")
@EnableConfigurationProperties(TelegramProperties.class)
public class TelegramAutoConfiguration {

    @Bean
    TelegramBot telegramBot(TelegramProperties telegram, ConversationEngine engine, InboxStore inboxStore,
                            @Value("${bot.replica.lease:10s}") Duration replicaLease,
                            org.springframework.beans.factory.ObjectProvider<dev.chatbot.core.reply.PlatformRateLimits> rateLimits) {
        TelegramSettings settings = telegram.toSettings().withReplicaLease(replicaLease);
        LogSecrets.add(settings.webhookSecret()); // derived from the token when unset: no setting names it
        return new TelegramBot(settings, engine, inboxStore,
                rateLimits.getIfAvailable(() -> dev.chatbot.core.reply.PlatformRateLimits.NONE));
    }

    @Bean
    TelegramLifecycle telegramLifecycle(TelegramBot telegramBot) {
        return new TelegramLifecycle(telegramBot);
    }

    /** Health and readiness, where the app has Spring Boot's health support (the actuator). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Health {

        @Bean
        TelegramHealthIndicator telegramHealthIndicator(TelegramBot telegramBot) {
            return new TelegramHealthIndicator(telegramBot);
        }
    }

    /** The webhook endpoint, where the app serves HTTP with Spring MVC. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Webhook {

        @Bean
        TelegramWebhookController telegramWebhookController(TelegramBot telegramBot) {
            return new TelegramWebhookController(telegramBot);
        }
    }

    /** Polling (or the webhook) starts once everything else is up and stops before Redis goes away. */
    static final class TelegramLifecycle implements SmartLifecycle {

        private final TelegramBot bot;
        private volatile boolean running;

        TelegramLifecycle(TelegramBot bot) {
            this.bot = bot;
        }

        @Override
        public void start() {
            bot.start();
            running = true;
        }

        @Override
        public void stop() {
            bot.close();
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
