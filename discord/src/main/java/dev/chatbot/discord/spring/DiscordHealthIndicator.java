package dev.chatbot.discord.spring;

import dev.chatbot.discord.DiscordBot;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** "discord" in /actuator/health and its readiness group: UP while every shard of this replica is connected. */
class DiscordHealthIndicator implements HealthIndicator {

    private final DiscordBot bot;

    DiscordHealthIndicator(DiscordBot bot) {
        this.bot = bot;
    }

    @Override
    public Health health() {
        DiscordBot.DiscordReadiness readiness = bot.readiness();
        return (readiness.isReady() ? Health.up() : Health.down()).withDetail("detail", readiness.detail()).build();
    }
}
