package dev.chatbot.core.history;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.redis.LuaScript;
import dev.chatbot.core.redis.RedisKeys;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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

    private static final LuaScript REMOVE_LAST_EXCHANGE = new LuaScript("""
            local last = redis.call('LRANGE', KEYS[1], -2, -1)
            if #last == 0 then return false end
            local function role(json) return cjson.decode(json)['role'] end
            if role(last[#last]) == 'user' then
              redis.call('RPOP', KEYS[1])
              return last[#last]
            end
            if #last == 2 and role(last[1]) == 'user' then
              redis.call('LTRIM', KEYS[1], 0, -3)
              return last[1]
            end
            return false
            """, ScriptOutputType.VALUE);

    private final RedisAsyncCommands<String, String> redis;
    private final RedisKeys keys;
    private final JsonMapper json;
    private final int maxMessages;
    private final Duration ttl;

    public RedisChatStore(RedisAsyncCommands<String, String> redis, RedisKeys keys, JsonMapper json,
                          int maxMessages, Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
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
    public CompletionStage<Void> clear(ChatKey chat) {
        return redis.del(keys.history(chat)).thenApply(n -> null);
    }

    @Override
    public CompletionStage<Optional<ChatMessage>> removeLastExchange(ChatKey chat) {
        return REMOVE_LAST_EXCHANGE.<String>run(redis, new String[] {keys.history(chat)})
                .thenApply(json -> json == null ? Optional.<ChatMessage>empty() : Optional.of(decode(List.of(json)).getFirst()));
    }

    private String encode(ChatMessage m) {
        ObjectNode node = json.createObjectNode();
        node.put("role", m.role().name().toLowerCase(Locale.ROOT));
        node.put("content", m.content());
        return json.writeValueAsString(node);
    }

    private List<ChatMessage> decode(List<String> raw) {
        List<ChatMessage> out = new ArrayList<>(raw.size());
        for (String s : raw) {
            JsonNode node = json.readTree(s);
            ChatMessage.Role role = ChatMessage.Role.valueOf(node.path("role").asString("user").toUpperCase(Locale.ROOT));
            out.add(new ChatMessage(role, node.path("content").asString("")));
        }
        return out;
    }
}
