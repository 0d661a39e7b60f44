package dev.chatbot.core.pending;

import dev.chatbot.core.redis.LuaScript;
import dev.chatbot.core.redis.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Pending events in a Redis HASH per platform ({@code bot:{seen:<platform>}:pending}, id to
 * payload) and seen ids as {@code bot:{seen:<platform>}:<id>} keys with a TTL. Both share one
 * hash tag, so the check and the record are one script, atomic also on Redis Cluster.
 */
public final class RedisPendingWorkStore implements PendingWorkStore {

    /** Telegram keeps an unconfirmed update for 24 hours; ids are remembered a good while longer. */
    public static final Duration DEFAULT_SEEN_TTL = Duration.ofHours(48);

    private static final LuaScript ACCEPT = new LuaScript("""
            if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
              redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
              return 1
            end
            return 0
            """, ScriptOutputType.INTEGER);

    private static final Comparator<PendingWork> OLDEST_FIRST = (a, b) -> {
        Long x = number(a.id());
        Long y = number(b.id());
        return x != null && y != null ? Long.compare(x, y) : a.id().compareTo(b.id());
    };

    private final RedisAsyncCommands<String, String> redis;
    private final RedisKeys keys;
    private final Duration seenTtl;

    public RedisPendingWorkStore(RedisAsyncCommands<String, String> redis, RedisKeys keys, Duration seenTtl) {
        this.redis = redis;
        this.keys = keys;
        this.seenTtl = seenTtl;
    }

    @Override
    public CompletionStage<Boolean> accept(String platform, String id, String payload) {
        return ACCEPT.<Long>run(redis, new String[] {keys.seen(platform, id), keys.pending(platform)},
                Long.toString(Math.max(1, seenTtl.toSeconds())), id, payload).thenApply(n -> n == 1L);
    }

    @Override
    public CompletionStage<Void> complete(String platform, String id) {
        return redis.hdel(keys.pending(platform), id).thenApply(n -> null);
    }

    @Override
    public CompletionStage<List<PendingWork>> pending(String platform) {
        return redis.hgetall(keys.pending(platform)).thenApply(RedisPendingWorkStore::oldestFirst);
    }

    private static List<PendingWork> oldestFirst(Map<String, String> entries) {
        List<PendingWork> work = new ArrayList<>();
        entries.forEach((id, payload) -> work.add(new PendingWork(id, payload)));
        work.sort(OLDEST_FIRST);
        return work;
    }

    private static Long number(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
