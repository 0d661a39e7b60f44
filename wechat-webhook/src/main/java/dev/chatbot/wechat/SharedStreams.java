package dev.chatbot.wechat;

import dev.chatbot.core.RootCause;
import dev.chatbot.core.reply.PolledReply;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The AI bot's streams in Redis: what a refresh poll shows, written by the replica that runs the
 * answer and read by whichever replica WeCom's poll reaches, in one GET. Each stream is one JSON
 * string under the chat's hash tag, {@code {"text":..,"finished":..,"started":<epoch ms>}} and
 * {@code "pictures":[{"base64":..,"md5":..}]} once a picture is sent, with
 * an expiry a while past the time WeCom polls.
 */
public final class SharedStreams {

    private static final Logger log = LoggerFactory.getLogger(SharedStreams.class);
    private static final long TIMEOUT_SECONDS = 5;

    /**
     * A stream as stored: the poll's snapshot, when the user's message came (epoch ms), and the pictures
     * its finishing refresh shows.
     */
    public record Stored(PolledReply.Snapshot snapshot, long startedMillis, List<StreamPicture> pictures) {
    }

    private final RedisClusterAsyncCommands<String, String> redis;
    private final JsonMapper json;
    private final Duration keep;
    private final Duration shareInterval;

    /**
     * @param keep          how long a stream is kept after its last write (longer than WeCom polls)
     * @param shareInterval how often a growing answer's text is written: the most a poll elsewhere lags behind
     */
    public SharedStreams(RedisClusterAsyncCommands<String, String> redis, JsonMapper json, Duration keep,
                         Duration shareInterval) {
        this.redis = redis;
        this.json = json;
        this.keep = keep;
        this.shareInterval = shareInterval;
    }

    Duration shareInterval() {
        return shareInterval;
    }

    /** Writes a stream; the writes of one stream reach Redis in the order they were made (one connection). */
    CompletableFuture<Void> save(String key, PolledReply.Snapshot snapshot, long startedMillis,
                                 List<StreamPicture> pictures) {
        ObjectNode node = json.createObjectNode();
        node.put("text", snapshot.text());
        node.put("finished", snapshot.finished());
        node.put("started", startedMillis);
        if (!pictures.isEmpty()) {
            ArrayNode list = node.putArray("pictures");
            pictures.forEach(p -> list.addObject().put("base64", p.base64()).put("md5", p.md5()));
        }
        return redis.set(key, json.writeValueAsString(node), SetArgs.Builder.px(keep.toMillis()))
                .toCompletableFuture().thenApply(ok -> (Void) null);
    }

    /** The stream as last written; empty when there is none (never made, or long over). */
    Optional<Stored> load(String key) {
        try {
            String value = redis.get(key).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (value == null) {
                return Optional.empty();
            }
            JsonNode node = json.readTree(value);
            List<StreamPicture> pictures = new ArrayList<>();
            node.path("pictures").forEach(p -> pictures.add(new StreamPicture(p.path("base64").asString(""),
                    p.path("md5").asString(""))));
            return Optional.of(new Stored(new PolledReply.Snapshot(node.path("text").asString(""),
                    node.path("finished").asBoolean(false)), node.path("started").asLong(0), List.copyOf(pictures)));
        } catch (JacksonException e) {
            log.warn("An AI bot stream in Redis is not readable: {}", e.getOriginalMessage());
            return Optional.empty();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new Unreadable(RootCause.describe(e), e);
        }
    }

    /** Redis did not answer: the poll cannot tell what the stream holds. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String why, Throwable cause) {
            super("could not read an AI bot stream: " + why, cause);
        }
    }
}
