package dev.chatbot.core.redis;

import dev.chatbot.core.RootCause;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One multiplexed Lettuce connection, shared by all stores: commands issued together are
 * pipelined on it without extra code. A command waits at most {@code timeout}, so an outage
 * turns into an error the engine can apologise for instead of a hang. {@code redis-cluster://}
 * URLs connect to a Redis Cluster through its seed nodes; every script keeps to one hash tag, so
 * the stores run on it unchanged.
 */
public final class RedisConnection implements AutoCloseable {

    static final Duration RECONNECT_DELAY_MAX = Duration.ofSeconds(2);
    static final String CLUSTER_SCHEME = "redis-cluster://";

    private final AbstractRedisClient client;
    private final ClientResources resources;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterAsyncCommands<String, String> commands;
    private final RedisAsyncCommands<String, String> standalone;
    private final String displayUrl;

    private RedisConnection(AbstractRedisClient client, ClientResources resources, StatefulConnection<String, String> connection,
                            RedisClusterAsyncCommands<String, String> commands, RedisAsyncCommands<String, String> standalone,
                            String displayUrl) {
        this.client = client;
        this.resources = resources;
        this.connection = connection;
        this.commands = commands;
        this.standalone = standalone;
        this.displayUrl = displayUrl;
    }

    /**
     * @param url redis://, rediss://, redis-sentinel:// (Lettuce's forms) or redis-cluster://host:port,host:port
     * @throws RedisUnavailableException when Redis does not answer, with a message fit for an operator
     */
    public static RedisConnection connect(String url, Duration timeout) {
        boolean cluster = url != null && url.regionMatches(true, 0, CLUSTER_SCHEME, 0, CLUSTER_SCHEME.length());
        List<RedisURI> uris;
        try {
            uris = cluster ? seeds(url) : List.of(RedisURI.create(url));
        } catch (RuntimeException e) {
            throw new RedisUnavailableException("BOT_REDIS_URL is not a valid Redis URL: " + redact(url), e);
        }
        uris.forEach(uri -> uri.setTimeout(timeout));
        // after an outage, reconnect within a couple of seconds of Redis being back, not Lettuce's default 30
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), RECONNECT_DELAY_MAX, 2, TimeUnit.MILLISECONDS))
                .build();
        SocketOptions socket = SocketOptions.builder().connectTimeout(timeout).build();
        AbstractRedisClient client = null;
        try {
            if (cluster) {
                RedisClusterClient clusterClient = RedisClusterClient.create(resources, uris);
                client = clusterClient;
                clusterClient.setOptions(ClusterClientOptions.builder()
                        .socketOptions(socket)
                        .timeoutOptions(TimeoutOptions.enabled(timeout))
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        // a failover moves slots: follow MOVED/ASK and the failed links at once, not on a timer only
                        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                                .enableAllAdaptiveRefreshTriggers()
                                .enablePeriodicRefresh(Duration.ofSeconds(30))
                                .build())
                        .build());
                StatefulRedisClusterConnection<String, String> connection = clusterClient.connect();
                connection.sync().ping();
                return new RedisConnection(clusterClient, resources, connection, connection.async(), null, redact(url));
            }
            RedisClient redisClient = RedisClient.create(resources, uris.getFirst());
            client = redisClient;
            redisClient.setOptions(ClientOptions.builder()
                    .socketOptions(socket)
                    .timeoutOptions(TimeoutOptions.enabled(timeout))
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
            StatefulRedisConnection<String, String> connection = redisClient.connect();
            connection.sync().ping();
            return new RedisConnection(redisClient, resources, connection, connection.async(), connection.async(), redact(url));
        } catch (RedisException e) {
            if (client != null) {
                client.shutdown();
            }
            resources.shutdown();
            throw new RedisUnavailableException("Cannot reach Redis at " + redact(url)
                    + " (BOT_REDIS_URL): " + RootCause.describe(e), e);
        }
    }

    /** {@code redis-cluster://[[user]:password@]host:port,host:port[/...]}: the seed nodes, sharing the credentials. */
    static List<RedisURI> seeds(String url) {
        String rest = url.substring(CLUSTER_SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            rest = rest.substring(0, slash);
        }
        String credentials = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            credentials = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        List<RedisURI> seeds = new ArrayList<>();
        for (String node : rest.split(",")) {
            if (node.isBlank()) {
                continue;
            }
            seeds.add(RedisURI.create("redis://" + (credentials == null ? "" : credentials + "@") + node.strip()));
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seed node in " + redact(url));
        }
        return seeds;
    }

    /** The commands every store takes: the same on a single Redis, under Sentinel and on a Cluster. */
    public RedisClusterAsyncCommands<String, String> commands() {
        return commands;
    }

    /** Whether this is a Redis Cluster (redis-cluster://). */
    public boolean isCluster() {
        return standalone == null;
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
