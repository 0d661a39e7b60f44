package dev.chatbot.app;

import dev.chatbot.core.commands.BanCommand;
import dev.chatbot.core.commands.LimitCommand;
import dev.chatbot.core.commands.StatsCommand;
import dev.chatbot.core.commands.UsageCommand;
import dev.chatbot.core.engine.EngineSettings;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.limits.AccessList;
import dev.chatbot.core.limits.DefaultLimits;
import dev.chatbot.core.limits.FairUse;
import dev.chatbot.core.limits.FairUseGate;
import dev.chatbot.core.limits.LimitStore;
import dev.chatbot.core.limits.QuotaPeriods;
import dev.chatbot.core.limits.QuotaStore;
import dev.chatbot.core.limits.QuotaTexts;
import dev.chatbot.core.limits.RedisLimitStore;
import dev.chatbot.core.limits.RedisQuotaStore;
import dev.chatbot.core.limits.RedisUsageStats;
import dev.chatbot.core.limits.RedisUserDirectory;
import dev.chatbot.core.limits.UsageStats;
import dev.chatbot.core.limits.UserDirectory;
import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Fair use: BOT_ALLOWED, per-user limits in Redis with defaults from bot.limits.*, and the admin commands. */
@Configuration(proxyBeanMethods = false)
class LimitsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LimitsConfiguration.class);

    @Bean
    QuotaPeriods quotaPeriods(BotProperties bot) {
        ZoneId zone;
        try {
            zone = ZoneId.of(bot.timezone().strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("BOT_TIMEZONE '" + bot.timezone()
                    + "' is not a time zone; use e.g. UTC, Europe/Berlin or Asia/Shanghai", e);
        }
        return new QuotaPeriods(Clock.systemUTC(), zone);
    }

    @Bean
    QuotaStore quotaStore(RedisConnection redis, RedisKeys keys, QuotaPeriods periods) {
        return new RedisQuotaStore(redis.commands(), keys, periods);
    }

    @Bean
    LimitStore limitStore(RedisConnection redis, RedisKeys keys) {
        return new RedisLimitStore(redis.commands(), keys);
    }

    @Bean
    UsageStats usageStats(RedisConnection redis, RedisKeys keys) {
        return new RedisUsageStats(redis.commands(), keys);
    }

    @Bean
    UserDirectory userDirectory(RedisConnection redis, RedisKeys keys) {
        return new RedisUserDirectory(redis.commands(), keys);
    }

    @Bean
    DefaultLimits defaultLimits(BotProperties bot, LimitStore limitStore) {
        DefaultLimits defaults = new DefaultLimits(bot.limits().toLimits(), limitStore);
        log.info("Default limits from configuration: {}", defaults.configured().isEmpty() ? "none" : defaults.configured());
        return defaults;
    }

    @Bean
    QuotaTexts quotaTexts(Texts texts, QuotaPeriods periods) {
        return new QuotaTexts(texts, periods);
    }

    @Bean
    FairUse fairUse(BotProperties bot, QuotaStore quotas, DefaultLimits defaults, UsageStats stats,
                    UserDirectory users, QuotaTexts quotaTexts) {
        AccessList access = new AccessList(bot.allowed());
        if (!access.isOpen()) {
            log.info("Access is limited to BOT_ALLOWED and the admins");
        }
        return new FairUseGate(quotas, defaults, stats, users, access, quotaTexts);
    }

    @Bean
    LimitCommand limitCommand(EngineSettings settings, LimitStore limits, UserDirectory users, QuotaTexts quotaTexts) {
        return new LimitCommand(settings.admins(), limits, users, quotaTexts);
    }

    @Bean
    BanCommand banCommand(EngineSettings settings, LimitStore limits, UserDirectory users) {
        return new BanCommand(settings.admins(), limits, users);
    }

    @Bean
    UsageCommand usageCommand(EngineSettings settings, QuotaStore quotas, DefaultLimits defaults, UserDirectory users,
                              QuotaTexts quotaTexts) {
        return new UsageCommand(settings.admins(), quotas, defaults, users, quotaTexts);
    }

    @Bean
    StatsCommand statsCommand(EngineSettings settings, UsageStats stats, UserDirectory users, QuotaPeriods periods,
                              QuotaTexts quotaTexts) {
        return new StatsCommand(settings.admins(), stats, users, periods, quotaTexts);
    }
}
