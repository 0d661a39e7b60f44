package dev.chatbot.core.redis;

import dev.chatbot.core.RootCause;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One multiplexed Lettuce connection, shared by all stores: commands issued together are
 * pipelined on it without extra code. A command waits at most {@code timeout}, so an outage
 * turns into an error the engine can apologise for instead of a hang.
 */
public final class RedisConnection implements AutoCloseable {

    static final Duration RECONNECT_DELAY_MAX = Duration.ofSeconds(2);

    private final RedisClient client;
    private final ClientResources resources;
    private final StatefulRedisConnection<String, String> connection;
    private final String displayUrl;

    private RedisConnection(RedisClient client, ClientResources resources,
                            StatefulRedisConnection<String, String> connection, String displayUrl) {
        this.client = client;
        this.resources = resources;
        this.connection = connection;
        this.displayUrl = displayUrl;
    }

    /**
     * @throws RedisUnavailableException when Redis does not answer, with a message fit for an operator
     */
    public static RedisConnection connect(String url, Duration timeout) {
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (RuntimeException e) {
            throw new RedisUnavailableException("BOT_REDIS_URL is not a valid Redis URL: " + redact(url), e);
        }
        uri.setTimeout(timeout);
        // after an outage, reconnect within a couple of seconds of Redis being back, not Lettuce's default 30
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), RECONNECT_DELAY_MAX, 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            connection.sync().ping();
            return new RedisConnection(client, resources, connection, redact(url));
        } catch (RedisException e) {
            client.shutdown();
            resources.shutdown();
            throw new RedisUnavailableException("Cannot reach Redis at " + redact(url)
                    + " (BOT_REDIS_URL): " + RootCause.describe(e), e);
        }
    }

    public RedisAsyncCommands<String, String> async() {
        return connection.async();
    }

    public String displayUrl() {
        return displayUrl;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** The URL without its password, for logs and error messages. */
    public static String redact(String url) {
        return url == null ? "" : url.replaceAll("(?<=://)[^@/]*@", "***@");
    }

}
