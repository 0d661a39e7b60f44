package dev.chatbot.core.limits;

import dev.chatbot.core.redis.RedisKeys;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.concurrent.CompletionStage;

/**
 * Admins' changes as a HASH per user ({@code bot:{u:telegram:42}:lim}: "requests/day" -> "50",
 * "ban" -> "1"), and one for the shared defaults ({@code bot:{u:default}:lim}). They have no TTL:
 * an admin's decision stays until changed. The quota scripts read them on every reservation, so
 * a change applies to the very next message.
 */
public final class RedisLimitStore implements LimitStore {

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;

    public RedisLimitStore(RedisClusterAsyncCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public CompletionStage<Limits> defaults() {
        return redis.hgetall(keys.userLimits(DEFAULT)).thenApply(Limits::fromHash);
    }

    @Override
    public CompletionStage<Void> setLimit(String who, Meter meter, long amount) {
        return redis.hset(keys.userLimits(who), meter.key(), Long.toString(amount)).thenApply(n -> null);
    }

    @Override
    public CompletionStage<Void> clearLimits(String who) {
        String[] fields = Meter.all().stream().map(Meter::key).toArray(String[]::new);
        return redis.hdel(keys.userLimits(who), fields).thenApply(n -> null);
    }

    @Override
    public CompletionStage<Void> setBanned(String user, boolean banned) {
        String key = keys.userLimits(user);
        return (banned ? redis.hset(key, RedisQuotaStore.BAN_FIELD, "1") : redis.hdel(key, RedisQuotaStore.BAN_FIELD))
                .thenApply(n -> null);
    }
}
