package dev.chatbot.app;

import dev.chatbot.core.RootCause;
import dev.chatbot.core.redis.RedisConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * "redis" in /actuator/health and its readiness group: a PING through the connection every store
 * uses, so it fails exactly when they do (Lettuce rejects commands while it reconnects).
 */
class RedisHealthIndicator implements HealthIndicator {

    private final RedisConnection redis;
    private final Duration timeout;

    RedisHealthIndicator(RedisConnection redis, Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        try {
            String pong = redis.commands().ping().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Health.up().withDetail("url", redis.displayUrl()).withDetail("ping", pong).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("url", redis.displayUrl()).withDetail("error", "interrupted").build();
        } catch (Exception e) {
            return Health.down().withDetail("url", redis.displayUrl())
                    .withDetail("error", "Redis does not answer PING: " + RootCause.describe(e)).build();
        }
    }
}
