package dev.chatbot.wechat;

import dev.chatbot.core.RootCause;
import dev.chatbot.core.logging.LogSecrets;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's access token, shared by every replica through one Redis key (hash-tagged, so it
 * works on a cluster too): fetched when missing, kept a little shorter than it lives so it is
 * renewed before it expires, and renewed at once when the API calls it stale (40001/42001).
 * WeChat invalidates older tokens when a new one is fetched, which is why replicas must share.
 */
public final class AccessTokens {

    private static final Logger log = LoggerFactory.getLogger(AccessTokens.class);

    /** Fetches a token from the platform. */
    @FunctionalInterface
    public interface Fetcher {
        /** @param forceRefresh the cached one was refused: ask for a new one, not the same again */
        Token fetch(boolean forceRefresh);
    }

    public record Token(String value, Duration expiresIn) {
    }

    /**
     * How the last fetch from the platform went: what readiness shows.
     *
     * @param problem null when a token came; else why not, shortly (e.g. "errcode 40125 invalid appsecret: ...")
     */
    public record FetchOutcome(Instant at, String problem) {
        public boolean succeeded() {
            return problem == null;
        }
    }

    private final String account;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final String key;
    private final Fetcher fetcher;
    private final Clock clock;
    /** Used while Redis is away, so API calls keep working on this replica. */
    private volatile String local;
    private volatile FetchOutcome lastFetch;

    /**
     * @param account names the account in readiness and the log, e.g. "Official Account"
     * @param key     e.g. {@code bot:{wxtoken:mp:<appid>}:access}
     */
    public AccessTokens(String account, RedisClusterAsyncCommands<String, String> redis, String key, Fetcher fetcher,
                        Clock clock) {
        this.account = account;
        this.redis = redis;
        this.key = key;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    /**
     * Fetches a token from the platform now (not forced: other replicas' tokens stay valid), so a
     * wrong secret shows at start-up rather than at the first late answer. Never throws.
     */
    public synchronized FetchOutcome check() {
        try {
            fetch(false);
        } catch (WxApiException e) {
            // recorded in lastFetch
        }
        return lastFetch;
    }

    public String account() {
        return account;
    }

    /** The last fetch's outcome, at start-up or at a renewal; null before the first. */
    public FetchOutcome lastFetch() {
        return lastFetch;
    }

    /** The token to call the API with. */
    public synchronized String current() {
        String cached = cached();
        return cached != null ? cached : fetch(false);
    }

    /** A fresh token in place of {@code stale}, unless another replica has already put a newer one in place. */
    public synchronized String renew(String stale) {
        String cached = cached();
        if (cached != null && !cached.equals(stale)) {
            return cached;
        }
        log.info("Access token refused as stale; fetching a new one");
        return fetch(true);
    }

    private String cached() {
        try {
            String value = redis.get(key).get(5, TimeUnit.SECONDS);
            if (value != null) {
                LogSecrets.add(value);
            }
            return value;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return local;
        }
    }

    private String fetch(boolean forceRefresh) {
        Token token;
        try {
            token = fetcher.fetch(forceRefresh);
        } catch (WxApiException e) {
            String problem = TokenRefusals.explain(e);
            if (lastFetch == null || !problem.equals(lastFetch.problem())) {
                log.warn("The {} got no access token: {}", account, problem);
            }
            lastFetch = new FetchOutcome(clock.instant(), problem);
            throw e;
        }
        lastFetch = new FetchOutcome(clock.instant(), null);
        LogSecrets.add(token.value());
        local = token.value();
        // renewed a while before WeChat's expiry: 5 minutes, or half the lifetime of a short one
        long lifetime = token.expiresIn().toMillis();
        long keepFor = Math.max(lifetime / 2, lifetime - Duration.ofMinutes(5).toMillis());
        try {
            redis.set(key, token.value(), SetArgs.Builder.px(Math.max(1000, keepFor))).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Could not share the access token through Redis: {}", RootCause.describe(e));
        }
        return token.value();
    }
}
