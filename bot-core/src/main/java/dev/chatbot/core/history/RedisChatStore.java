package dev.chatbot.core.history;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.redis.LuaScript;
import dev.chatbot.core.redis.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import tools.jackson.databind.json.JsonMapper;

/** History as a Redis LIST of JSON messages; append, trim and expiry happen in one script. */
public final class RedisChatStore implements ChatStore {

    private static final LuaScript APPEND = new LuaScript("""
            local n = tonumber(ARGV[1])
            for i = 3, #ARGV do
              redis.call('RPUSH', KEYS[1], ARGV[i])
            end
            redis.call('LTRIM', KEYS[1], -n, -1)
            redis.call('EXPIRE', KEYS[1], ARGV[2])
            return redis.call('LLEN', KEYS[1])
            """, ScriptOutputType.INTEGER);

    /*
     * KEYS: lock, fence, history, queue. ARGV: holder, lease ms, max messages (0: read none), event id ('' for
     * none), fence TTL s. The lock is free when it has expired; the event goes first when no earlier one of
     * the chat is queued (one not queued at all, e.g. unrecorded, does not wait).
     */
    private static final LuaScript BEGIN_TURN = new LuaScript("""
            local held = redis.call('PTTL', KEYS[1])
            if held ~= -2 then return {'busy', tostring(held)} end
            if ARGV[4] ~= '' and redis.call('ZSCORE', KEYS[4], ARGV[4]) then
              local head = redis.call('ZRANGE', KEYS[4], 0, 0)
              if head[1] ~= ARGV[4] then return {'earlier', '0'} end
            end
            local fence = redis.call('INCR', KEYS[2])
            redis.call('EXPIRE', KEYS[2], ARGV[5])
            redis.call('SET', KEYS[1], fence .. ':' .. ARGV[1], 'PX', ARGV[2])
            local out = {'taken', tostring(fence)}
            if ARGV[3] ~= '0' then
              local h = redis.call('LRANGE', KEYS[3], -tonumber(ARGV[3]), -1)
              for i = 1, #h do out[#out + 1] = h[i] end
            end
            return out
            """, ScriptOutputType.MULTI);

    private static final LuaScript RENEW_TURN = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            return 0
            """, ScriptOutputType.INTEGER);

    /*
     * KEYS: history, fence, lock, queue. ARGV: max messages, TTL s, fencing token ('0': none), lock value,
     * event id, how many of the newest messages it replaces (-1: all), messages... Written only while no
     * newer turn began (the chat's counter is still ours): a turn's answer, /retry's new answer in place of
     * the old, /new's clearing.
     */
    private static final LuaScript APPEND_AND_END = new LuaScript("""
            local written = 0
            if ARGV[3] == '0' or redis.call('GET', KEYS[2]) == ARGV[3] then
              local replacing = tonumber(ARGV[6])
              if replacing < 0 then
                redis.call('DEL', KEYS[1])
              elseif replacing > 0 then
                redis.call('LTRIM', KEYS[1], 0, -replacing - 1)
              end
              for i = 7, #ARGV do
                redis.call('RPUSH', KEYS[1], ARGV[i])
              end
              redis.call('LTRIM', KEYS[1], -tonumber(ARGV[1]), -1)
              redis.call('EXPIRE', KEYS[1], ARGV[2])
              written = 1
            end
            if redis.call('GET', KEYS[3]) == ARGV[4] then redis.call('DEL', KEYS[3]) end
            if ARGV[5] ~= '' then redis.call('ZREM', KEYS[4], ARGV[5]) end
            return written
            """, ScriptOutputType.INTEGER);

    /** KEYS: lock, queue. ARGV: lock value, event id. */
    private static final LuaScript END_TURN = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
            if ARGV[2] ~= '' then redis.call('ZREM', KEYS[2], ARGV[2]) end
            return 1
            """, ScriptOutputType.INTEGER);

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;
    private final MessageJson messages;
    private final int maxMessages;
    private final Duration ttl;

    public RedisChatStore(RedisClusterAsyncCommands<String, String> redis, RedisKeys keys, JsonMapper json,
                          int maxMessages, Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.messages = new MessageJson(json);
        this.maxMessages = maxMessages;
        this.ttl = ttl;
    }

    @Override
    public CompletionStage<List<ChatMessage>> history(ChatKey chat) {
        return redis.lrange(keys.history(chat), -maxMessages, -1).thenApply(this::decode);
    }

    @Override
    public CompletionStage<Void> append(ChatKey chat, List<ChatMessage> messages) {
        String[] args = new String[messages.size() + 2];
        args[0] = Integer.toString(maxMessages);
        args[1] = Long.toString(ttl.toSeconds());
        for (int i = 0; i < messages.size(); i++) {
            args[i + 2] = encode(messages.get(i));
        }
        return APPEND.<Long>run(redis, new String[] {keys.history(chat)}, args).thenApply(n -> null);
    }

    @Override
    public CompletionStage<TurnStart> beginTurn(ChatKey chat, String holder, String eventId, Duration lease) {
        return begin(chat, holder, eventId, lease, maxMessages);
    }

    @Override
    public CompletionStage<TurnStart> lockChat(ChatKey chat, String holder, String eventId, Duration lease) {
        return begin(chat, holder, eventId, lease, 0);
    }

    private CompletionStage<TurnStart> begin(ChatKey chat, String holder, String eventId, Duration lease, int read) {
        String[] keys = {this.keys.turnLock(chat), this.keys.turnFence(chat), this.keys.history(chat), this.keys.turnQueue(chat)};
        return BEGIN_TURN.<List<Object>>run(redis, keys, holder, Long.toString(Math.max(1, lease.toMillis())),
                Integer.toString(read), eventId == null ? "" : eventId, Long.toString(ttl.toSeconds()))
                .thenApply(reply -> {
                    String outcome = (String) reply.get(0);
                    long number = Long.parseLong((String) reply.get(1));
                    return switch (outcome) {
                        case "taken" -> {
                            List<String> raw = new ArrayList<>();
                            for (int i = 2; i < reply.size(); i++) {
                                raw.add((String) reply.get(i));
                            }
                            yield TurnStart.taken(new TurnLease(number, holder, eventId), decode(raw));
                        }
                        case "busy" -> TurnStart.waiting(TurnStart.Outcome.BUSY, number);
                        default -> TurnStart.waiting(TurnStart.Outcome.EARLIER_PENDING, 0);
                    };
                });
    }

    @Override
    public CompletionStage<Boolean> renewTurn(ChatKey chat, TurnLease turn, Duration lease) {
        if (!turn.isLocked()) {
            return java.util.concurrent.CompletableFuture.completedFuture(true);
        }
        return RENEW_TURN.<Long>run(redis, new String[] {keys.turnLock(chat)}, lockValue(turn),
                Long.toString(Math.max(1, lease.toMillis()))).thenApply(n -> n == 1L);
    }

    @Override
    public CompletionStage<Boolean> appendAndEnd(ChatKey chat, int replacing, List<ChatMessage> messages, TurnLease turn) {
        String[] args = new String[messages.size() + 6];
        args[0] = Integer.toString(maxMessages);
        args[1] = Long.toString(ttl.toSeconds());
        args[2] = Long.toString(turn.fence());
        args[3] = lockValue(turn);
        args[4] = turn.eventId() == null ? "" : turn.eventId();
        args[5] = Integer.toString(replacing);
        for (int i = 0; i < messages.size(); i++) {
            args[i + 6] = encode(messages.get(i));
        }
        String[] keys = {this.keys.history(chat), this.keys.turnFence(chat), this.keys.turnLock(chat), this.keys.turnQueue(chat)};
        return APPEND_AND_END.<Long>run(redis, keys, args).thenApply(n -> n == 1L);
    }

    @Override
    public CompletionStage<Void> endTurn(ChatKey chat, TurnLease turn) {
        if (!turn.isLocked() && turn.eventId() == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        return END_TURN.<Long>run(redis, new String[] {keys.turnLock(chat), keys.turnQueue(chat)}, lockValue(turn),
                turn.eventId() == null ? "" : turn.eventId()).thenApply(n -> null);
    }

    /** As the lock holds it; an unlocked turn's value matches no lock. */
    private static String lockValue(TurnLease turn) {
        return turn.isLocked() ? turn.fence() + ":" + turn.holder() : "";
    }

    @Override
    public CompletionStage<Void> clear(ChatKey chat) {
        return redis.del(keys.history(chat)).thenApply(n -> null);
    }

    private String encode(ChatMessage m) {
        return messages.encode(m);
    }

    private List<ChatMessage> decode(List<String> raw) {
        return messages.decode(raw);
    }
}
