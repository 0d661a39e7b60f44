package dev.chatbot.core.limits;

import dev.chatbot.core.redis.RedisKeys;
import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HASH per platform ({@code bot:{names:telegram}}) with "n:alice" -> "111" and "i:111" -> "alice".
 * Writes happen only when this process has not yet seen the user under that name, so a busy chat
 * costs Redis nothing, and they are not waited for: they never add a round trip to a turn.
 */
public final class RedisUserDirectory implements UserDirectory {

    private static final Logger log = LoggerFactory.getLogger(RedisUserDirectory.class);

    /** Bounds the memory of who was already written; forgetting only costs a repeated write. */
    private static final int MAX_REMEMBERED = 100_000;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;
    private final ConcurrentMap<String, String> written = new ConcurrentHashMap<>();

    public RedisUserDirectory(RedisClusterAsyncCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public void remember(String platform, String userId, String username) {
        if (username == null || username.isBlank() || userId == null) {
            return;
        }
        String name = username.strip().toLowerCase(Locale.ROOT);
        String ref = platform + ":" + userId;
        if (name.equals(written.get(ref))) {
            return;
        }
        if (written.size() > MAX_REMEMBERED) {
            written.clear();
        }
        written.put(ref, name);
        redis.hset(keys.usernames(platform), Map.of("n:" + name, userId, "i:" + userId, name))
                .exceptionally(e -> {
                    written.remove(ref, name);
                    log.debug("Could not note username of {}: {}", ref, e.toString());
                    return null;
                });
    }

    @Override
    public CompletionStage<Optional<String>> find(String platform, String username) {
        String name = username.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("@")) {
            name = name.substring(1);
        }
        return redis.hget(keys.usernames(platform), "n:" + name).thenApply(Optional::ofNullable);
    }

    @Override
    public CompletionStage<Map<String, String>> usernames(Collection<String> users) {
        Map<String, List<String>> byPlatform = new LinkedHashMap<>();
        for (String ref : users) {
            int colon = ref.indexOf(':');
            if (colon > 0) {
                byPlatform.computeIfAbsent(ref.substring(0, colon), p -> new ArrayList<>()).add(ref.substring(colon + 1));
            }
        }
        Map<String, CompletableFuture<List<KeyValue<String, String>>>> pending = new LinkedHashMap<>();
        byPlatform.forEach((platform, ids) -> pending.put(platform, redis.hmget(keys.usernames(platform),
                ids.stream().map(id -> "i:" + id).toArray(String[]::new)).toCompletableFuture()));
        return CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<String, String> out = new HashMap<>();
            pending.forEach((platform, future) -> {
                for (KeyValue<String, String> kv : future.join()) {
                    if (kv.hasValue()) {
                        out.put(platform + ":" + kv.getKey().substring(2), kv.getValue());
                    }
                }
            });
            return out;
        });
    }
}
