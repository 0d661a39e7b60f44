package dev.chatbot.core.history;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.redis.RedisKeys;
import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One key per image under the chat's hash tag ({@link RedisKeys#image}), with the history's expiry.
 * Base64, because the connection speaks strings; the images are already scaled down, so that costs
 * little.
 */
public final class RedisImageStore implements ImageStore {

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;
    private final Duration ttl;

    public RedisImageStore(RedisClusterAsyncCommands<String, String> redis, RedisKeys keys, Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.ttl = ttl;
    }

    @Override
    public CompletionStage<Void> put(ChatKey chat, String id, byte[] bytes) {
        return redis.setex(keys.image(chat, id), Math.max(1, ttl.toSeconds()), Base64.getEncoder().encodeToString(bytes))
                .thenApply(ok -> null);
    }

    @Override
    public CompletionStage<Map<String, byte[]>> get(ChatKey chat, Collection<String> ids) {
        if (ids.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        String[] names = ids.stream().map(id -> keys.image(chat, id)).toArray(String[]::new);
        String[] order = ids.toArray(String[]::new);
        return redis.mget(names).thenApply(values -> {
            Map<String, byte[]> out = new HashMap<>();
            int i = 0;
            for (KeyValue<String, String> v : values) {
                if (v.hasValue()) {
                    out.put(order[i], Base64.getDecoder().decode(v.getValue()));
                }
                i++;
            }
            return out;
        });
    }
}
