package dev.chatbot.core.limits;

import dev.chatbot.core.redis.LuaScript;
import dev.chatbot.core.redis.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One HASH per day and per month under the {@code {stats}} tag, with fields
 * "model:&lt;r|t|c|i&gt;:&lt;model id&gt;" and "user:&lt;r|t|c|i&gt;:&lt;platform:userId&gt;". A group of friends
 * has few users and models, so /stats reads the whole hash and sorts in Java.
 */
public final class RedisUsageStats implements UsageStats {

    /* KEYS: day and month hash. ARGV: model, user, requests, tokens, micro-dollars, images, TTL day, TTL month. */
    private static final LuaScript RECORD = new LuaScript("""
            local kinds = {'r', 't', 'c', 'i'}
            for k = 1, 2 do
              for u = 1, 4 do
                local n = ARGV[2 + u]
                if n ~= '0' then
                  redis.call('HINCRBY', KEYS[k], 'model:' .. kinds[u] .. ':' .. ARGV[1], n)
                  redis.call('HINCRBY', KEYS[k], 'user:' .. kinds[u] .. ':' .. ARGV[2], n)
                end
              end
              redis.call('EXPIRE', KEYS[k], ARGV[6 + k])
            end
            return 1
            """, ScriptOutputType.INTEGER);

    private static final Duration DAY_KEPT = Duration.ofDays(8);
    private static final Duration MONTH_KEPT = Duration.ofDays(62);

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;

    public RedisUsageStats(RedisClusterAsyncCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public CompletionStage<Void> record(String model, String user, Window window, Spend spend) {
        String[] k = {keys.stats(window.dayId()), keys.stats(window.monthId())};
        return RECORD.<Long>run(redis, k, model, user, Long.toString(spend.requests()), Long.toString(spend.tokens()),
                        Long.toString(spend.microUsd()), Long.toString(spend.images()),
                        Long.toString(Duration.between(window.now(), window.dayEnds()).plus(DAY_KEPT).toSeconds()),
                        Long.toString(Duration.between(window.now(), window.monthEnds()).plus(MONTH_KEPT).toSeconds()))
                .thenApply(n -> null);
    }

    @Override
    public CompletionStage<StatsReport> report(Window window) {
        CompletableFuture<Map<String, String>> day = redis.hgetall(keys.stats(window.dayId())).toCompletableFuture();
        CompletableFuture<Map<String, String>> month = redis.hgetall(keys.stats(window.monthId())).toCompletableFuture();
        return day.thenCombine(month, (d, m) -> new StatsReport(window, parse(d), parse(m)));
    }

    private static StatsReport.PeriodStats parse(Map<String, String> hash) {
        Map<String, Spend> models = new HashMap<>();
        Map<String, Spend> users = new HashMap<>();
        hash.forEach((field, value) -> {
            String[] parts = field.split(":", 3);
            if (parts.length < 3) {
                return;
            }
            Map<String, Spend> target = parts[0].equals("model") ? models : parts[0].equals("user") ? users : null;
            if (target == null || !value.matches("-?\\d{1,18}")) {
                return;
            }
            long n = Long.parseLong(value);
            Spend add = switch (parts[1]) {
                case "r" -> new Spend(n, 0, 0);
                case "t" -> new Spend(0, n, 0);
                case "c" -> new Spend(0, 0, n);
                case "i" -> new Spend(0, 0, 0, n);
                default -> Spend.NOTHING;
            };
            target.merge(parts[2], add, Spend::plus);
        });
        return new StatsReport.PeriodStats(Map.copyOf(models), Map.copyOf(users));
    }
}
