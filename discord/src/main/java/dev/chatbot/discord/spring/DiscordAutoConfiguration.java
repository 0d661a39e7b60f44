package dev.chatbot.discord.spring;

import dev.chatbot.core.engine.ConversationEngine;
import dev.chatbot.core.engine.EngineSettings;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.inbox.InboxStore;
import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.logging.LogSecrets;
import dev.chatbot.discord.DiscordBot;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Discord, when BOT_DISCORD_TOKEN is set: the app that has this module on its class path gets the
 * bot without naming Discord, beside Telegram or alone. As an auto-configuration it runs after
 * the app's own configuration, which provides the engine, the inbox store and the model catalog.
 */
@AutoConfiguration
@ConditionalOnExpression("!'${bot.discord.token:}'.isBlank()")
@EnableConfigurationProperties(DiscordProperties.class)
public class DiscordAutoConfiguration {

    @Bean
    DiscordBot discordBot(DiscordProperties discord, ConversationEngine engine, InboxStore inboxStore,
                          ModelCatalog catalog, EngineSettings engineSettings, Texts texts,
                          org.springframework.beans.factory.ObjectProvider<dev.chatbot.core.reply.PlatformRateLimits> rateLimits) {
        LogSecrets.add(discord.token()); // masked even when it comes from a BOT_CONFIG file rather than the environment
        return new DiscordBot(discord.toSettings(), engine, inboxStore, catalog, engineSettings.admins(), texts,
                rateLimits.getIfAvailable(() -> dev.chatbot.core.reply.PlatformRateLimits.NONE));
    }

    @Bean
    DiscordLifecycle discordLifecycle(DiscordBot discordBot) {
        return new DiscordLifecycle(discordBot);
    }

    /** Health and readiness, where the app has Spring Boot's health support (the actuator). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Health {

        @Bean
        DiscordHealthIndicator discordHealthIndicator(DiscordBot discordBot) {
            return new DiscordHealthIndicator(discordBot);
        }
    }

    /** The gateway connects once everything else is up and closes before Redis goes away. */
    static final class DiscordLifecycle implements SmartLifecycle {

        private final DiscordBot bot;
        private volatile boolean running;

        DiscordLifecycle(DiscordBot bot) {
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
