package dev.chatbot.core.limits;

import dev.chatbot.core.redis.LuaScript;
import dev.chatbot.core.redis.RedisKeys;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Quotas in Redis. Each user's keys share one hash tag ({@code bot:{u:telegram:42}:lim} and
 * {@code ...:q:<period>}), and reserve and settle are one Lua script each over those keys only,
 * so a user's parallel turns are serialised by Redis itself and the same code runs on a cluster.
 * Defaults travel as script arguments. Usage hashes hold r (requests), t (tokens) and c
 * (micro-dollars) and expire a while after their period ends.
 */
public final class RedisQuotaStore implements QuotaStore {

    static final String BAN_FIELD = "ban";

    /** Quoted meter names in ARGV order, pasted into the scripts. */
    private static final String METER_NAMES = Meter.all().stream()
            .map(m -> "'" + m.key() + "'").collect(Collectors.joining(", "));

    /*
     * KEYS: limits hash, then usage of minute, day, month. ARGV 1-9: default caps (-1: none),
     * 10: estimated tokens, 11: estimated micro-dollars, 12-14: TTLs of the usage keys.
     * A cap admits while something of it is left, and the estimate counts at once, so parallel
     * turns see each other's reservations.
     */
    private static final LuaScript RESERVE = new LuaScript("""
            if redis.call('HEXISTS', KEYS[1], '%s') == 1 then
              return {'banned'}
            end
            local own = redis.call('HMGET', KEYS[1], %s)
            for p = 2, 0, -1 do
              local used = redis.call('HMGET', KEYS[p + 2], 'r', 't', 'c')
              for u = 1, 3 do
                local i = p * 3 + u
                local cap = tonumber(own[i] or ARGV[i])
                -- a turn's later step (a tool round) adds no request, so request caps do not stop it
                if cap and cap >= 0 and (u ~= 1 or ARGV[15] ~= '0') then
                  local n = tonumber(used[u] or '0')
                  if n >= cap then
                    return {'over', i, n, cap}
                  end
                end
              end
            end
            for p = 0, 2 do
              local key = KEYS[p + 2]
              redis.call('HINCRBY', key, 'r', ARGV[15])
              redis.call('HINCRBY', key, 't', ARGV[10])
              redis.call('HINCRBY', key, 'c', ARGV[11])
              redis.call('EXPIRE', key, ARGV[12 + p])
            end
            return {'ok'}
            """.formatted(BAN_FIELD, METER_NAMES), ScriptOutputType.MULTI);

    /*
     * KEYS as RESERVE, then the turn's settled mark (settling twice counts once). ARGV 1-9: default caps, 10-12: change of requests, tokens, micro-dollars,
     * 13: '1' to look for limits now at 80% or more (day and month only) not yet told this period.
     * A usage key that has expired meanwhile is left alone rather than recreated without a TTL.
     */
    private static final LuaScript SETTLE = new LuaScript("""
            if not redis.call('SET', KEYS[5], '1', 'NX', 'EX', 3600) then return {} end
            local fields = {'r', 't', 'c'}
            for p = 0, 2 do
              local key = KEYS[p + 2]
              if redis.call('EXISTS', key) == 1 then
                for u = 1, 3 do
                  local d = ARGV[9 + u]
                  if d ~= '0' and redis.call('HINCRBY', key, fields[u], d) < 0 then
                    redis.call('HSET', key, fields[u], 0)
                  end
                end
              end
            end
            local out = {}
            if ARGV[13] == '1' then
              local own = redis.call('HMGET', KEYS[1], %s)
              for p = 1, 2 do
                local key = KEYS[p + 2]
                if redis.call('EXISTS', key) == 1 then
                  local used = redis.call('HMGET', key, 'r', 't', 'c')
                  for u = 1, 3 do
                    local i = p * 3 + u
                    local cap = tonumber(own[i] or ARGV[i])
                    local n = tonumber(used[u] or '0')
                    if cap and cap > 0 and n * 5 >= cap * 4 and redis.call('HSETNX', key, 'w' .. u, '1') == 1 then
                      table.insert(out, i)
                      table.insert(out, n)
                      table.insert(out, cap)
                    end
                  end
                end
              end
            end
            return out
            """.formatted(METER_NAMES), ScriptOutputType.MULTI);

    /** How long a period's usage is kept after it ends: long enough for a late settle and for /usage. */
    private static final Duration MINUTE_GRACE = Duration.ofHours(1);
    private static final Duration GRACE = Duration.ofDays(2);

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;
    private final QuotaPeriods periods;

    public RedisQuotaStore(RedisClusterAsyncCommands<String, String> redis, RedisKeys keys, QuotaPeriods periods) {
        this.redis = redis;
        this.keys = keys;
        this.periods = periods;
    }

    @Override
    public CompletionStage<Admission> reserve(String user, String model, Limits defaults, Spend estimate) {
        Window window = periods.current();
        List<String> args = new ArrayList<>(List.of(defaults.scriptArgs()));
        args.add(Long.toString(estimate.tokens()));
        args.add(Long.toString(estimate.microUsd()));
        for (Period p : Period.values()) {
            Duration grace = p == Period.MINUTE ? MINUTE_GRACE : GRACE;
            args.add(Long.toString(Duration.between(window.now(), window.resetsAt(p)).plus(grace).toSeconds()));
        }
        args.add(estimate.requests() > 0 ? "1" : "0");
        Spend reserved = new Spend(estimate.requests() > 0 ? 1 : 0, estimate.tokens(), estimate.microUsd());
        return RESERVE.<List<Object>>run(redis, keys(user, window), args.toArray(String[]::new))
                .thenApply(reply -> switch (String.valueOf(reply.getFirst())) {
                    case "ok" -> new Admission.Admitted(new Reservation(user, model, window, reserved));
                    case "banned" -> new Admission.Banned();
                    case "over" -> {
                        Meter meter = Meter.all().get(toInt(reply.get(1)) - 1);
                        yield new Admission.OverLimit(meter, toLong(reply.get(2)), toLong(reply.get(3)),
                                window.resetsAt(meter.period()));
                    }
                    default -> throw new IllegalStateException("Unexpected reply of the reserve script: " + reply);
                });
    }

    @Override
    public CompletionStage<List<HeadsUp>> settle(Reservation reservation, Limits defaults, Spend actual) {
        Spend reserved = reservation.reserved();
        List<String> args = new ArrayList<>(List.of(defaults.scriptArgs()));
        args.add(Long.toString(actual.requests() - reserved.requests()));
        args.add(Long.toString(actual.tokens() - reserved.tokens()));
        args.add(Long.toString(actual.microUsd() - reserved.microUsd()));
        args.add(actual.requests() > 0 ? "1" : "0");
        Window window = reservation.window();
        String[] keys = java.util.Arrays.copyOf(keys(reservation.user(), window), 5);
        keys[4] = this.keys.userSettled(reservation.user(), reservation.turn());
        return SETTLE.<List<Object>>run(redis, keys, args.toArray(String[]::new))
                .thenApply(reply -> {
                    List<HeadsUp> out = new ArrayList<>();
                    for (int i = 0; i + 2 < reply.size(); i += 3) {
                        Meter meter = Meter.all().get(toInt(reply.get(i)) - 1);
                        out.add(new HeadsUp(meter, toLong(reply.get(i + 1)), toLong(reply.get(i + 2)),
                                window.resetsAt(meter.period())));
                    }
                    return out;
                });
    }

    @Override
    public CompletionStage<UsageReport> usage(String user, Limits defaults) {
        Window window = periods.current();
        // issued together: one round trip
        CompletableFuture<Map<String, String>> own = redis.hgetall(keys.userLimits(user)).toCompletableFuture();
        Map<Period, CompletableFuture<List<KeyValue<String, String>>>> used = new EnumMap<>(Period.class);
        for (Period p : Period.values()) {
            used.put(p, redis.hmget(keys.userUsage(user, window.id(p)), "r", "t", "c").toCompletableFuture());
        }
        return CompletableFuture.allOf(used.values().toArray(CompletableFuture[]::new)).thenCombine(own, (ignored, hash) -> {
            Map<Period, Spend> spent = new EnumMap<>(Period.class);
            used.forEach((p, f) -> spent.put(p, toSpend(f.join())));
            return new UsageReport(user, hash.containsKey(BAN_FIELD), spent,
                    defaults.overriddenBy(Limits.fromHash(hash)), window);
        });
    }

    private String[] keys(String user, Window window) {
        return new String[] {keys.userLimits(user), keys.userUsage(user, window.minuteId()),
                keys.userUsage(user, window.dayId()), keys.userUsage(user, window.monthId())};
    }

    private static Spend toSpend(List<KeyValue<String, String>> values) {
        return new Spend(value(values.get(0)), value(values.get(1)), value(values.get(2)));
    }

    private static long value(KeyValue<String, String> kv) {
        return kv.hasValue() ? Math.max(0, Long.parseLong(kv.getValue())) : 0;
    }

    private static int toInt(Object o) {
        return (int) toLong(o);
    }

    private static long toLong(Object o) {
        return o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o));
    }
}
