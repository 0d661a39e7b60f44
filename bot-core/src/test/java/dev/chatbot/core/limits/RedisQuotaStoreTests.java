package dev.chatbot.core.limits;

import dev.chatbot.testsupport.TestRedis;

/** The quota store against the tests' Redis (the local one when it answers). */
class RedisQuotaStoreTests extends QuotaStoreContract {

    @Override
    String redisUrl() {
        return TestRedis.url();
    }
}
