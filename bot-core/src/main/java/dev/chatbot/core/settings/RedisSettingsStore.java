package dev.chatbot.core.settings;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.history.TurnLease;
import dev.chatbot.core.redis.LuaScript;
import dev.chatbot.core.redis.RedisKeys;
import io.lettuce.core.ScriptOutputType;
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

    /*
     * KEYS: settings, the chat's turn counter. ARGV: fencing token ('0': none), field, value ('' with
     * ARGV[4] = '0': remove). The counter is the one the history's writes check (see RedisChatStore).
     */
    private static final LuaScript SET = new LuaScript("""
            if ARGV[1] ~= '0' and redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
            if ARGV[4] == '1' then
              redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
            else
              redis.call('HDEL', KEYS[1], ARGV[2])
            end
            return 1
            """, ScriptOutputType.INTEGER);

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
    public CompletionStage<Boolean> setModel(ChatKey chat, String model, TurnLease turn) {
        return set(chat, MODEL, model, turn);
    }

    @Override
    public CompletionStage<Boolean> setSystemPrompt(ChatKey chat, String systemPrompt, TurnLease turn) {
        return set(chat, SYSTEM, systemPrompt, turn);
    }

    @Override
    public CompletionStage<Boolean> setTool(ChatKey chat, String tool, Boolean on, TurnLease turn) {
        return set(chat, TOOL + tool, on == null ? null : on ? "on" : "off", turn);
    }

    private CompletionStage<Boolean> set(ChatKey chat, String field, String value, TurnLease turn) {
        return SET.<Long>run(redis, new String[] {keys.settings(chat), keys.turnFence(chat)}, Long.toString(turn.fence()),
                field, value == null ? "" : value, value == null ? "0" : "1").thenApply(n -> n == 1L);
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
