package dev.chatbot.app;

import dev.chatbot.core.limits.Limits;
import dev.chatbot.core.limits.Meter;
import dev.chatbot.core.limits.Period;
import dev.chatbot.core.limits.Unit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under bot.* (BOT_* in the environment, or the BOT_CONFIG file).
 *
 * @param defaultModel the model where a chat chose none; blank picks the first provider's first model
 */
@ConfigurationProperties("bot")
record BotProperties(
        String defaultModel,
        String systemPrompt,
        @DefaultValue Set<String> admins,
        @DefaultValue("5m") Duration turnTimeout,
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Redis redis,
        @DefaultValue History history,
        @DefaultValue Resilience resilience,
        Map<String, List<String>> fallbacks,
        /* BOT_ALLOWED: "platform:id" of users and group chats; empty serves everyone */
        @DefaultValue Set<String> allowed,
        /* BOT_TIMEZONE: where a limit's day and month end */
        @DefaultValue("UTC") String timezone,
        @DefaultValue LimitDefaults limits,
        @DefaultValue Replica replica) {

    /**
     * This replica among several on one Redis.
     *
     * @param name       BOT_REPLICA_NAME: in the locks it holds and the metrics' "replica" label; blank takes
     *                   HOSTNAME (the pod's name on Kubernetes), else the host's name
     * @param lease      BOT_REPLICA_LEASE: what this replica holds in Redis (a chat's turn lock, its share of
     *                   the inbox, the long-polling lease) lasts this long unless renewed; so another replica takes
     *                   over this long after one dies
     */
    record Replica(String name, @DefaultValue("10s") Duration lease) {
        Replica {
            if (name == null || name.isBlank()) {
                name = System.getenv().getOrDefault("HOSTNAME", "");
            }
            if (name.isBlank()) {
                try {
                    name = java.net.InetAddress.getLocalHost().getHostName();
                } catch (java.io.IOException e) {
                    name = "local";
                }
            }
        }
    }

    /** Retries, timeouts and circuit breaking around every provider (see ResilienceSettings). */
    record Resilience(@DefaultValue("3") int maxAttempts,
                      @DefaultValue("500ms") Duration initialBackoff,
                      @DefaultValue("20s") Duration maxBackoff,
                      @DefaultValue("60s") Duration firstTokenTimeout,
                      @DefaultValue("60s") Duration idleTimeout,
                      @DefaultValue("50") int failureRateThreshold,
                      @DefaultValue("10") int minimumCalls,
                      @DefaultValue("30s") Duration openDuration) {
    }

    /**
     * @param url       redis://, rediss:// or redis-sentinel://; blank starts the embedded Redis
     * @param keyPrefix every key starts with it, so several bots (or test runs) can share one Redis
     */
    record Redis(String url, @DefaultValue("bot") String keyPrefix, @DefaultValue("5s") Duration timeout) {
    }

    /** @param maxMessages messages kept per chat; @param ttl how long an idle chat is remembered */
    record History(@DefaultValue("50") int maxMessages, @DefaultValue("30d") Duration ttl) {
    }

    /**
     * Default limits of everyone (BOT_LIMITS_*); unset means no limit. Admins override them per user,
     * or for everyone, from the chat.
     */
    record LimitDefaults(Long requestsPerMinute, Long requestsPerDay, Long requestsPerMonth,
                         Long tokensPerMinute, Long tokensPerDay, Long tokensPerMonth,
                         BigDecimal usdPerMinute, BigDecimal usdPerDay, BigDecimal usdPerMonth) {

        Limits toLimits() {
            Limits out = Limits.none();
            out = put(out, Unit.REQUESTS, Period.MINUTE, requestsPerMinute);
            out = put(out, Unit.REQUESTS, Period.DAY, requestsPerDay);
            out = put(out, Unit.REQUESTS, Period.MONTH, requestsPerMonth);
            out = put(out, Unit.TOKENS, Period.MINUTE, tokensPerMinute);
            out = put(out, Unit.TOKENS, Period.DAY, tokensPerDay);
            out = put(out, Unit.TOKENS, Period.MONTH, tokensPerMonth);
            out = put(out, Unit.USD, Period.MINUTE, micros(usdPerMinute));
            out = put(out, Unit.USD, Period.DAY, micros(usdPerDay));
            out = put(out, Unit.USD, Period.MONTH, micros(usdPerMonth));
            return out;
        }

        private static Limits put(Limits limits, Unit unit, Period period, Long amount) {
            if (amount == null) {
                return limits;
            }
            Meter meter = Meter.of(unit, period);
            if (amount < 0) {
                throw new IllegalArgumentException("bot.limits: " + meter + " cannot be negative (" + amount + ")");
            }
            return limits.with(meter, amount);
        }

        private static Long micros(BigDecimal usd) {
            return usd == null ? null
                    : usd.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
        }
    }
}
