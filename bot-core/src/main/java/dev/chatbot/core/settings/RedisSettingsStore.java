package dev.chatbot.core.settings;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.redis.RedisKeys;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Chat settings as a Redis HASH; they live until changed, like a user's preference would. */
public final class RedisSettingsStore implements SettingsStore {

    private static final String MODEL = "model";
    private static final String SYSTEM = "system";
    /** A tool's switch is the field "tool:<name>", "on" or "off". */
    private static final String TOOL = "tool:";

    private final RedisClusterAsyncCommands<String, String> redis;
    private final RedisKeys keys;

    public RedisSettingsStore(RedisClusterAsyncCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public CompletionStage<ChatSettings> settings(ChatKey chat) {
        return redis.hgetall(keys.settings(chat)).thenApply(RedisSettingsStore::fromHash);
    }

    @Override
    public CompletionStage<Void> setModel(ChatKey chat, String model) {
        return set(chat, MODEL, model);
    }

    @Override
    public CompletionStage<Void> setSystemPrompt(ChatKey chat, String systemPrompt) {
        return set(chat, SYSTEM, systemPrompt);
    }

    @Override
    public CompletionStage<Void> setTool(ChatKey chat, String tool, Boolean on) {
        return set(chat, TOOL + tool, on == null ? null : on ? "on" : "off");
    }

    private CompletionStage<Void> set(ChatKey chat, String field, String value) {
        String key = keys.settings(chat);
        if (value == null) {
            return redis.hdel(key, field).thenApply(n -> null);
        }
        return redis.hset(key, field, value).thenApply(n -> null);
    }

    private static ChatSettings fromHash(Map<String, String> hash) {
        if (hash == null || hash.isEmpty()) {
            return ChatSettings.NONE;
        }
        Map<String, Boolean> tools = new HashMap<>();
        hash.forEach((field, value) -> {
            if (field.startsWith(TOOL)) {
                tools.put(field.substring(TOOL.length()), value.equals("on"));
            }
        });
        return new ChatSettings(hash.get(MODEL), hash.get(SYSTEM), tools);
    }
}
