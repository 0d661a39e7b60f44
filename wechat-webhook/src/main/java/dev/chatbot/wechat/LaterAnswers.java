package dev.chatbot.wechat;

import dev.chatbot.core.RootCause;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a subscription account could not deliver in time, kept in Redis per user until the
 * user's next request (a retry of the same message, or any new message) can carry them as its
 * passive reply: texts, and pictures by their media_id, one message per reply. In Redis, so whichever replica that request reaches finds them.
 */
public final class LaterAnswers {

    private static final Logger log = LoggerFactory.getLogger(LaterAnswers.class);
    private static final long TIMEOUT_SECONDS = 5;
    /** Marks a kept picture: a NUL never begins an answer's text. */
    private static final String PICTURE = "\u0000picture:";

    private final RedisClusterAsyncCommands<String, String> redis;
    private final String prefix;
    private final String platform;
    private final Duration keep;

    /** @param keep how long an undelivered answer waits for the user's next message */
    public LaterAnswers(RedisClusterAsyncCommands<String, String> redis, String prefix, String platform, Duration keep) {
        this.redis = redis;
        this.prefix = prefix;
        this.platform = platform;
        this.keep = keep;
    }

    /** Keeps an answer; returns once it is stored, so the request waiting for it finds it. */
    public void keep(String userId, WxMessage answer) {
        store(userId, false, List.of(answer));
    }

    /** Puts messages taken but not shown back in front of the rest, in their order: the next reply shows them first. */
    public void putBack(String userId, List<WxMessage> messages) {
        if (!messages.isEmpty()) {
            store(userId, true, messages);
        }
    }

    private void store(String userId, boolean inFront, List<WxMessage> messages) {
        String key = key(userId);
        try {
            String[] values = messages.stream().map(LaterAnswers::encode).toArray(String[]::new);
            if (inFront) {
                // LPUSH puts each value before the one pushed just before it: the last goes first
                Collections.reverse(Arrays.asList(values));
                redis.lpush(key, values).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } else {
                redis.rpush(key, values).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            redis.pexpire(key, keep.toMillis());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Could not keep a {} answer for the user's next message: {}", platform, RootCause.describe(e));
        }
    }

    /** Takes every answer kept for the user, oldest first, neighbouring texts joined; empty when there is none. */
    public List<WxMessage> take(String userId) {
        String key = key(userId);
        try {
            // one transaction-free round trip: read and delete in one script, so two requests cannot both take them
            List<String> answers = redis.<List<String>>eval(
                    "local v = redis.call('LRANGE', KEYS[1], 0, -1); redis.call('DEL', KEYS[1]); return v",
                    io.lettuce.core.ScriptOutputType.MULTI, key).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return answers == null ? List.of() : WxMessage.joined(answers.stream().map(LaterAnswers::decode).toList());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Could not read the {} answers kept for a user: {}", platform, RootCause.describe(e));
            return List.of();
        }
    }

    /** A text as it is (as answers were always kept); a picture's media_id behind a mark no text starts with. */
    private static String encode(WxMessage message) {
        return switch (message) {
            case WxMessage.Text text -> text.content();
            case WxMessage.Picture picture -> PICTURE + picture.mediaId();
        };
    }

    private static WxMessage decode(String value) {
        return value.startsWith(PICTURE) ? new WxMessage.Picture(value.substring(PICTURE.length()))
                : new WxMessage.Text(value);
    }

    private String key(String userId) {
        return prefix + ":{u:" + platform + ":" + userId + "}:later";
    }
}
