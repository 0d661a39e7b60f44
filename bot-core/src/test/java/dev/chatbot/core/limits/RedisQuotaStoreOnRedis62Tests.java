package dev.chatbot.core.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.redis.EmbeddedRedis;
import dev.chatbot.core.redis.RedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The quota store on the oldest Redis it supports: 6.2, the embedded one. */
class RedisQuotaStoreOnRedis62Tests extends QuotaStoreContract {

    static EmbeddedRedis embedded;

    @BeforeAll
    static void startRedis62() {
        embedded = EmbeddedRedis.start(null);
    }

    @AfterAll
    static void stopRedis62() {
        embedded.close();
    }

    @Override
    String redisUrl() {
        return embedded.url();
    }

    @Test
    void it_really_is_redis_6_2() {
        try (RedisConnection c = RedisConnection.connect(embedded.url(), Duration.ofSeconds(5))) {
            String info = c.commands().info("server").toCompletableFuture().join();
            assertThat(info).contains("redis_version:6.2");
        }
    }
}
