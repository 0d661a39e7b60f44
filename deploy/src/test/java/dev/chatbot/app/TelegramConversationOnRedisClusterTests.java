package dev.chatbot.app;

import dev.chatbot.testsupport.TestRedisCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole Telegram conversation suite on a real three-master Redis Cluster started for it
 * (BOT_REDIS_URL=redis-cluster://...): every script keeps to one hash tag, or Redis refuses it here
 * with CROSSSLOT.
 */
class TelegramConversationOnRedisClusterTests extends TelegramConversationTests {

    static TestRedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        Assumptions.assumeTrue(TestRedisCluster.available(), "redis-server and redis-cli are not installed");
        cluster = TestRedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    RunningBot newBot() {
        return new RunningBot().with("bot.redis.url", cluster.url());
    }
}
