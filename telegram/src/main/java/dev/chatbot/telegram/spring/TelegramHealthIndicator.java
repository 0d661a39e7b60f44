package dev.chatbot.telegram.spring;

import dev.chatbot.telegram.TelegramBot;
import dev.chatbot.telegram.TelegramReadiness;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * "telegram" in /actuator/health and its readiness group: DOWN while getUpdates fails (a 409 says
 * another instance polls the token), OUT_OF_SERVICE when polling has stopped. Liveness leaves it
 * out: a restart does not make the other instance stop.
 */
class TelegramHealthIndicator implements HealthIndicator {

    private final TelegramBot bot;

    TelegramHealthIndicator(TelegramBot bot) {
        this.bot = bot;
    }

    @Override
    public Health health() {
        TelegramReadiness readiness = bot.readiness();
        Health.Builder health = switch (readiness.state()) {
            case READY -> Health.up();
            case NOT_READY -> Health.down();
            case STOPPED -> Health.outOfService();
        };
        health.withDetail("detail", readiness.detail());
        if (readiness.lastUpdatesAt() != null) {
            health.withDetail("lastGetUpdates", readiness.lastUpdatesAt().toString());
        }
        return health.build();
    }
}
