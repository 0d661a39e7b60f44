package dev.chatbot.app;

import dev.chatbot.core.redis.EmbeddedRedis;
import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Redis the bot keeps its state in: BOT_REDIS_URL, or an embedded one with data under ./data. */
@Configuration(proxyBeanMethods = false)
class RedisConfiguration {

    /** Where Redis is; owns the embedded server when it started one. */
    static final class RedisEndpoint implements AutoCloseable {
        private final EmbeddedRedis embedded;
        private final String url;

        RedisEndpoint(BotProperties bot) {
            String configured = bot.redis().url();
            if (configured != null && !configured.isBlank()) {
                embedded = null;
                url = configured;
            } else {
                embedded = EmbeddedRedis.start(bot.dataDir().resolve("redis"));
                url = embedded.url();
            }
        }

        String url() {
            return url;
        }

        @Override
        public void close() {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    RedisEndpoint redisEndpoint(BotProperties bot) {
        return new RedisEndpoint(bot);
    }

    @Bean(destroyMethod = "close")
    RedisConnection redisConnection(BotProperties bot, RedisEndpoint endpoint) {
        return RedisConnection.connect(endpoint.url(), bot.redis().timeout());
    }

    @Bean
    RedisHealthIndicator redisHealthIndicator(RedisConnection redis, BotProperties bot) {
        return new RedisHealthIndicator(redis, bot.redis().timeout());
    }

    @Bean
    RedisKeys redisKeys(BotProperties bot) {
        return new RedisKeys(bot.redis().keyPrefix());
    }
}
