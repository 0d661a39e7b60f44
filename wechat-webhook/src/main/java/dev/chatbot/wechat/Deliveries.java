package dev.chatbot.wechat;

import dev.chatbot.core.RootCause;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts WeChat's deliveries of one message id, in Redis so every replica counts the same: the
 * last delivery WeChat will make is the last chance to say something in its reply.
 */
public final class Deliveries {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    private final RedisClusterAsyncCommands<String, String> redis;
    private final String prefix;
    private final String platform;
    private final Duration remember;

    public Deliveries(RedisClusterAsyncCommands<String, String> redis, String prefix, String platform, Duration remember) {
        this.redis = redis;
        this.prefix = prefix;
        this.platform = platform;
        this.remember = remember;
    }

    /** This delivery's number: 1 for the first, 2 for WeChat's first retry, ...; 1 when Redis cannot tell. */
    public long count(String id) {
        String key = prefix + ":{seen:" + platform + "}:" + id + ":deliveries";
        try {
            long n = redis.incr(key).get(5, TimeUnit.SECONDS);
            if (n == 1) {
                redis.pexpire(key, remember.toMillis());
            }
            return n;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Could not count the deliveries of {} message {}: {}", platform, id, RootCause.describe(e));
            return 1;
        }
    }
}
