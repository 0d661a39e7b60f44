package dev.chatbot.app;

import dev.chatbot.app.logging.LogSecrets;
import dev.chatbot.core.engine.ConversationEngine;
import dev.chatbot.core.inbox.InboxStore;
import dev.chatbot.telegram.TelegramBot;
import dev.chatbot.telegram.TelegramSettings;
import java.net.URI;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Telegram, when BOT_TELEGRAM_TOKEN is set. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${bot.telegram.token:}'.isBlank()")
class TelegramConfiguration {

    @Bean
    TelegramBot telegramBot(BotProperties bot, ConversationEngine engine, InboxStore inboxStore) {
        BotProperties.Telegram t = bot.telegram();
        URI api = t.apiUrl() == null || t.apiUrl().isBlank() ? TelegramSettings.OFFICIAL_API : URI.create(t.apiUrl());
        TelegramSettings settings = new TelegramSettings(t.token(), api, t.privateEditInterval(), t.groupEditInterval(),
                t.pollTimeoutSeconds(), t.draftInterval(), t.messagesPerSecond(), t.shutdownGrace(),
                t.webhookUrl() == null || t.webhookUrl().isBlank() ? null : URI.create(t.webhookUrl()), t.webhookSecret(),
                t.rememberUpdates());
        LogSecrets.add(settings.webhookSecret()); // generated at random when unset: no setting names it
        return new TelegramBot(settings, engine, inboxStore);
    }

    /** Polling starts once everything else is up and stops before Redis goes away. */
    @Bean
    SmartLifecycle telegramPolling(TelegramBot telegramBot) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                telegramBot.start();
                running = true;
            }

            @Override
            public void stop() {
                telegramBot.close();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
