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
import java.util.stream.Stream;

/**
 * Quotas in Redis. Each user's keys share one hash tag ({@code bot:{u:telegram:42}:lim} and
 * {@code ...:q:<period>}), and reserve and settle are one Lua script each over those keys only,
 * so a user's parallel turns are serialised by Redis itself and the same code runs on a cluster.
 * Defaults travel as script arguments. Usage hashes hold r (requests), t (tokens), c
 * (micro-dollars) and i (images drawn) and expire a while after their period ends.
 */
public final class RedisQuotaStore implements QuotaStore {

    static final String BAN_FIELD = "ban";

    /** Quoted meter names in ARGV order, pasted into the scripts. */
    private static final String METER_NAMES = quoted(Meter.all().stream().map(Meter::key).toList());

    /** Quoted usage-hash fields in unit order ('r', 't', 'c', 'i'), pasted into the scripts. */
    private static final String FIELDS = quoted(Stream.of(Unit.values()).map(Unit::field).toList());

    /** Units, and meters (three periods of each): where the scripts' arguments start. */
    private static final int UNITS = Unit.values().length;
    private static final int METERS = Meter.all().size();

    /*
     * KEYS: limits hash, then usage of minute, day, month. ARGV 1..M (M meters): default caps (-1: none),
     * then per unit the estimate, then per unit '1' where its caps may refuse this call (an images cap
     * refuses only drawings), then the TTLs of the three usage keys.
     * A cap admits while something of it is left, and the estimate counts at once, so parallel
     * turns see each other's reservations.
     */
    private static final LuaScript RESERVE = new LuaScript("""
            local U, M = %d, %d
            if redis.call('HEXISTS', KEYS[1], '%s') == 1 then
              return {'banned'}
            end
            local own = redis.call('HMGET', KEYS[1], %s)
            for p = 2, 0, -1 do
              local used = redis.call('HMGET', KEYS[p + 2], %s)
              for u = 1, U do
                local i = p * U + u
                local cap = tonumber(own[i] or ARGV[i])
                if ARGV[M + U + u] == '1' and cap and cap >= 0 then
                  local n = tonumber(used[u] or '0')
                  if n >= cap then
                    return {'over', i, n, cap}
                  end
                end
              end
            end
            local fields = {%s}
            for p = 0, 2 do
              local key = KEYS[p + 2]
              for u = 1, U do
                redis.call('HINCRBY', key, fields[u], ARGV[M + u])
              end
              redis.call('EXPIRE', key, ARGV[M + 2 * U + 1 + p])
            end
            return {'ok'}
            """.formatted(UNITS, METERS, BAN_FIELD, METER_NAMES, FIELDS, FIELDS), ScriptOutputType.MULTI);

    /*
     * KEYS as RESERVE, then the turn's settled mark (settling twice counts once). ARGV 1..M: default caps,
     * then per unit the change, then '1' to look for limits now at 80% or more (day and month only) not
     * yet told this period.
     * A usage key that has expired meanwhile is left alone rather than recreated without a TTL.
     */
    private static final LuaScript SETTLE = new LuaScript("""
            local U, M = %d, %d
            if not redis.call('SET', KEYS[5], '1', 'NX', 'EX', 3600) then return {} end
            local fields = {%s}
            for p = 0, 2 do
              local key = KEYS[p + 2]
              if redis.call('EXISTS', key) == 1 then
                for u = 1, U do
                  local d = ARGV[M + u]
                  if d ~= '0' and redis.call('HINCRBY', key, fields[u], d) < 0 then
                    redis.call('HSET', key, fields[u], 0)
                  end
                end
              end
            end
            local out = {}
            if ARGV[M + U + 1] == '1' then
              local own = redis.call('HMGET', KEYS[1], %s)
              for p = 1, 2 do
                local key = KEYS[p + 2]
                if redis.call('EXISTS', key) == 1 then
                  local used = redis.call('HMGET', key, %s)
                  for u = 1, U do
                    local i = p * U + u
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
            """.formatted(UNITS, METERS, FIELDS, METER_NAMES, FIELDS), ScriptOutputType.MULTI);

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
        // a turn's later step (a tool round) adds no request, so request caps do not stop it
        Spend reserved = new Spend(estimate.requests() > 0 ? 1 : 0, estimate.tokens(), estimate.microUsd(), estimate.images());
        List<String> args = new ArrayList<>(List.of(defaults.scriptArgs()));
        for (Unit u : Unit.values()) {
            args.add(Long.toString(reserved.get(u)));
        }
        for (Unit u : Unit.values()) {
            args.add(u.gates(reserved) ? "1" : "0");
        }
        for (Period p : Period.values()) {
            Duration grace = p == Period.MINUTE ? MINUTE_GRACE : GRACE;
            args.add(Long.toString(Duration.between(window.now(), window.resetsAt(p)).plus(grace).toSeconds()));
        }
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
        for (Unit u : Unit.values()) {
            args.add(Long.toString(actual.get(u) - reserved.get(u)));
        }
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
            used.put(p, redis.hmget(keys.userUsage(user, window.id(p)),
                    Stream.of(Unit.values()).map(Unit::field).toArray(String[]::new)).toCompletableFuture());
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
        return new Spend(value(values.get(0)), value(values.get(1)), value(values.get(2)), value(values.get(3)));
    }

    private static long value(KeyValue<String, String> kv) {
        return kv.hasValue() ? Math.max(0, Long.parseLong(kv.getValue())) : 0;
    }

    private static String quoted(List<String> names) {
        return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
    }

    private static int toInt(Object o) {
        return (int) toLong(o);
    }

    private static long toLong(Object o) {
        return o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o));
    }
}
