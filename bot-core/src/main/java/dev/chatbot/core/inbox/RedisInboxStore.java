package dev.chatbot.core.inbox;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.redis.LuaScript;
import dev.chatbot.core.redis.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Records in a Redis HASH per platform ({@code bot:{seen:<platform>}:pending}, id to record JSON)
 * and seen ids as {@code bot:{seen:<platform>}:<id>} keys with a TTL. Both share one hash tag, so
 * the check and the record are one script, atomic also on Redis Cluster.
 */
public final class RedisInboxStore implements InboxStore {

    private static final LuaScript RECORD = new LuaScript("""
            if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
              redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
              return 1
            end
            return 0
            """, ScriptOutputType.INTEGER);

    /** Only while recorded: a late update must not bring back a record already forgotten. */
    private static final LuaScript UPDATE = new LuaScript("""
            if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then
              redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
              return 1
            end
            return 0
            """, ScriptOutputType.INTEGER);

    /** KEYS: lease. ARGV: holder, ms. Taken when free, kept when already the holder's. */
    private static final LuaScript HOLD = new LuaScript("""
            local v = redis.call('GET', KEYS[1])
            if not v then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 1
            end
            if v == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            return 0
            """, ScriptOutputType.INTEGER);

    private static final LuaScript RELEASE = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
            return 1
            """, ScriptOutputType.INTEGER);

    /**
     * KEYS: pending, the old owner's lease. ARGV: id, old owner, new record. Only while the record still has
     * the owner it was read with and that owner's lease is gone: two survivors never both take it.
     */
    private static final LuaScript CLAIM = new LuaScript("""
            local v = redis.call('HGET', KEYS[1], ARGV[1])
            if not v then return 0 end
            local ok, rec = pcall(cjson.decode, v)
            local owner = ''
            if ok and type(rec) == 'table' and type(rec['owner']) == 'string' then owner = rec['owner'] end
            if owner ~= ARGV[2] then return 0 end
            if owner ~= '' and redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
            return 1
            """, ScriptOutputType.INTEGER);

    private static final Comparator<InboxRecord> OLDEST_FIRST = Comparator.comparingLong(InboxRecord::receivedAt)
            .thenComparing((a, b) -> {
                Long x = number(a.id());
                Long y = number(b.id());
                return x != null && y != null ? Long.compare(x, y) : a.id().compareTo(b.id());
            });

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;
    private final InboxRecordFormat format = new InboxRecordFormat();

    public RedisInboxStore(RedisClusterAsyncCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public CompletionStage<Boolean> record(InboxRecord record, Duration rememberIds) {
        return RECORD.<Long>run(redis, new String[] {keys.seen(record.platform(), record.id()), keys.pending(record.platform())},
                Long.toString(Math.max(1, rememberIds.toSeconds())), record.id(), format.write(record))
                .thenApply(n -> n == 1L);
    }

    @Override
    public CompletionStage<Boolean> update(InboxRecord record) {
        return UPDATE.<Long>run(redis, new String[] {keys.pending(record.platform())}, record.id(), format.write(record))
                .thenApply(n -> n == 1L);
    }

    @Override
    public CompletionStage<Optional<InboxRecord>> find(String platform, String id) {
        return redis.hget(keys.pending(platform), id)
                .thenApply(value -> Optional.ofNullable(value).map(v -> format.read(platform, id, v)));
    }

    @Override
    public CompletionStage<Void> forget(String platform, String id) {
        return redis.hdel(keys.pending(platform), id).thenApply(n -> null);
    }

    @Override
    public CompletionStage<Void> enqueue(ChatKey chat, String id, double order, Duration keep) {
        String queue = keys.turnQueue(chat);
        redis.zadd(queue, io.lettuce.core.ZAddArgs.Builder.nx(), order, id);
        return redis.expire(queue, Math.max(1, keep.toSeconds())).thenApply(ok -> null);
    }

    @Override
    public CompletionStage<Void> dequeue(ChatKey chat, String id) {
        return redis.zrem(keys.turnQueue(chat), id).thenApply(n -> null);
    }

    @Override
    public CompletionStage<Boolean> holdLease(String platform, String name, String holder, Duration lease) {
        return HOLD.<Long>run(redis, new String[] {keys.lease(platform, name)}, holder,
                Long.toString(Math.max(1, lease.toMillis()))).thenApply(n -> n == 1L);
    }

    @Override
    public CompletionStage<Void> releaseLease(String platform, String name, String holder) {
        return RELEASE.<Long>run(redis, new String[] {keys.lease(platform, name)}, holder).thenApply(n -> null);
    }

    @Override
    public CompletionStage<Boolean> claim(InboxRecord seen, InboxRecord mine) {
        String oldOwner = seen.owner() == null ? "" : seen.owner();
        return CLAIM.<Long>run(redis, new String[] {keys.pending(seen.platform()), keys.lease(seen.platform(), Inbox.ownerLease(oldOwner))},
                seen.id(), oldOwner, format.write(mine)).thenApply(n -> n == 1L);
    }

    @Override
    public CompletionStage<List<InboxRecord>> left(String platform) {
        return redis.hgetall(keys.pending(platform)).thenApply(entries -> oldestFirst(platform, entries));
    }

    private List<InboxRecord> oldestFirst(String platform, Map<String, String> entries) {
        List<InboxRecord> records = new ArrayList<>();
        entries.forEach((id, value) -> records.add(format.read(platform, id, value)));
        records.sort(OLDEST_FIRST);
        return records;
    }

    private static Long number(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
