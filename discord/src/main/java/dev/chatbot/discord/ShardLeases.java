package dev.chatbot.discord;

import dev.chatbot.core.redis.LuaScript;
import dev.chatbot.core.redis.RedisConnection;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Which of the bot's Discord shards this replica runs, when BOT_DISCORD_SHARDS is auto/N: one
 * lease per shard in Redis (SET NX PX, renewed by its holder), and a list of the replicas alive
 * (each renews its place in it). Each round a replica renews what it holds, gives back what is
 * above its fair share (the shards divided by the replicas alive, rounded up) and takes free
 * shards up to that share; all in one script, so two replicas never take one shard. A replica
 * that dies stops renewing: its shards are free a lease later and the others take them.
 *
 * <p>Keys, all of one hash tag (a Cluster runs the script on one node):
 * {@code <prefix>:{discord-shards}:replicas} (sorted set: replica, when its place lapses) and
 * {@code <prefix>:{discord-shards}:<n>} (the holder of shard n).
 */
public final class ShardLeases {

    /** KEYS: replicas, shard 0..n-1. ARGV: me, lease in ms, now in ms. Returns the shards held, ascending. */
    private static final LuaScript ROUND = new LuaScript("""
            local me, px, now = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            redis.call('ZADD', KEYS[1], now + px, me)
            redis.call('PEXPIRE', KEYS[1], px * 3)
            local share = math.ceil((#KEYS - 1) / redis.call('ZCARD', KEYS[1]))
            local held = {}
            for i = 2, #KEYS do
              if redis.call('GET', KEYS[i]) == me then
                redis.call('PEXPIRE', KEYS[i], px)
                held[#held + 1] = i
              end
            end
            while #held > share do
              redis.call('DEL', KEYS[table.remove(held)])
            end
            for i = 2, #KEYS do
              if #held >= share then break end
              if redis.call('SET', KEYS[i], me, 'NX', 'PX', px) then held[#held + 1] = i end
            end
            table.sort(held)
            local shards = {}
            for j, i in ipairs(held) do shards[j] = i - 2 end
            return shards
            """, ScriptOutputType.MULTI);

    /** KEYS: replicas, shard 0..n-1. ARGV: me. */
    private static final LuaScript RELEASE = new LuaScript("""
            for i = 2, #KEYS do
              if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end
            end
            redis.call('ZREM', KEYS[1], ARGV[1])
            return 1
            """, ScriptOutputType.INTEGER);

    private final RedisConnection redis;
    private final String[] keys;
    private final String me;
    private final Duration lease;
    private final Clock clock;

    /**
     * @param prefix the app's key prefix
     * @param me     this replica, as the leases name it
     * @param total  the bot's shards
     */
    public ShardLeases(RedisConnection redis, String prefix, String me, int total, Duration lease, Clock clock) {
        this.redis = redis;
        this.me = me;
        this.lease = lease;
        this.clock = clock;
        keys = new String[total + 1];
        String tag = prefix + ":{discord-shards}:";
        keys[0] = tag + "replicas";
        for (int shard = 0; shard < total; shard++) {
            keys[shard + 1] = tag + shard;
        }
    }

    /** Renews, gives back and takes, as the class says; the shards this replica holds now. */
    public CompletionStage<List<Integer>> round() {
        return ROUND.<List<Object>>run(redis.commands(), keys, me, Long.toString(Math.max(1, lease.toMillis())),
                Long.toString(clock.millis())).thenApply(held -> held.stream().map(s -> ((Long) s).intValue()).toList());
    }

    /** Gives back every shard this replica holds and its place among the replicas, so others take them at once. */
    public CompletionStage<Void> release() {
        return RELEASE.<Long>run(redis.commands(), keys, me).thenApply(n -> null);
    }

    /** How often a replica renews: three times a lease, so one late round loses nothing. */
    public Duration renewEvery() {
        return Duration.ofMillis(Math.max(1, lease.toMillis() / 3));
    }
}
