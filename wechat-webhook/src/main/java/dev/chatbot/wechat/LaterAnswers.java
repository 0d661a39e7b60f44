package dev.chatbot.wechat;

import dev.chatbot.core.RootCause;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a subscription account could not deliver in time, kept in Redis per user until the
 * user's next request (a retry of the same message, or any new message) can carry them as its
 * passive reply. In Redis, so whichever replica that request reaches finds them.
 */
public final class LaterAnswers {

    private static final Logger log = LoggerFactory.getLogger(LaterAnswers.class);
    private static final long TIMEOUT_SECONDS = 5;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final String prefix;
    private final String platform;
    private final Duration keep;

    /** @param keep how long an undelivered answer waits for the user's next message */
    public LaterAnswers(RedisClusterAsyncCommands<String, String> redis, String prefix, String platform, Duration keep) {
        this.redis = redis;
        this.prefix = prefix;
        this.platform = platform;
        this.keep = keep;
    }

    /** Keeps an answer; returns once it is stored, so the request waiting for it finds it. */
    public void keep(String userId, String answer) {
        String key = key(userId);
        try {
            redis.rpush(key, answer).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            redis.pexpire(key, keep.toMillis());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Could not keep a {} answer for the user's next message: {}", platform, RootCause.describe(e));
        }
    }

    /** Takes every answer kept for the user, oldest first, joined; empty when there is none. */
    public Optional<String> take(String userId) {
        String key = key(userId);
        try {
            // one transaction-free round trip: read and delete in one script, so two requests cannot both take them
            List<String> answers = redis.<List<String>>eval(
                    "local v = redis.call('LRANGE', KEYS[1], 0, -1); redis.call('DEL', KEYS[1]); return v",
                    io.lettuce.core.ScriptOutputType.MULTI, key).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return answers == null || answers.isEmpty() ? Optional.empty() : Optional.of(String.join("\n\n", answers));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Could not read the {} answers kept for a user: {}", platform, RootCause.describe(e));
            return Optional.empty();
        }
    }

    private String key(String userId) {
        return prefix + ":{u:" + platform + ":" + userId + "}:later";
    }
}
