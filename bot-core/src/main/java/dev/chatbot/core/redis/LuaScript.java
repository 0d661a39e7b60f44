package dev.chatbot.core.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** A Lua script run by its SHA, loaded on first use or after a Redis restart forgot it. */
public final class LuaScript {

    private final String source;
    private final String sha;
    private final ScriptOutputType outputType;

    public LuaScript(String source, ScriptOutputType outputType) {
        this.source = source;
        this.outputType = outputType;
        this.sha = sha1(source);
    }

    public <T> CompletionStage<T> run(RedisClusterAsyncCommands<String, String> redis, String[] keys, String... args) {
        CompletionStage<T> bySha = redis.evalsha(sha, outputType, keys, args);
        return bySha.handle((value, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(value);
            }
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof RedisNoScriptException) {
                return redis.<T>eval(source, outputType, keys, args).toCompletableFuture();
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
