package dev.chatbot.wechat;

import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.inbox.Inbox;
import dev.chatbot.core.inbox.RedisInboxStore;
import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.core.reply.PolledReply;
import dev.chatbot.core.reply.Reply;
import dev.chatbot.testsupport.TestRedis;
import java.nio.charset.StandardCharsets;
import dev.chatbot.testsupport.Eventually;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AI bot's caps, on a clock the test moves: the stream ends at the time limit, and never holds
 * more than the byte cap. And its streams shared through the real Redis: two replicas, the message
 * at one and the polls and redeliveries at the other.
 */
class WeComAiBotTests {

    static final String TOKEN = "botToken";
    static final String KEY = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq";

    /** The inbox on the real Redis, as the app has it, under this test's own prefix. */
    final String prefix = TestRedis.newPrefix();
    final RedisConnection redis = RedisConnection.connect(TestRedis.url(), Duration.ofSeconds(5));

    @AfterEach
    void forgetKeys() {
        TestRedis.deleteKeys(prefix);
        redis.close();
    }

    /** The wall clock, moved by the test: replicas judge a stream's 6 minutes by the time it started. */
    static final class ManualClock extends Clock {
        volatile Instant now = Instant.parse("2026-05-01T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    final JsonMapper json = JsonMapper.builder().build();
    final WxCrypto crypto = new WxCrypto(TOKEN, KEY, "");
    final ManualClock clock = new ManualClock();
    final AtomicReference<Reply> opened = new AtomicReference<>();
    final AtomicInteger handled = new AtomicInteger();

    /** One replica's AI bot: its own inbox, on the Redis and key prefix every replica shares. */
    WeComAiBot bot(int maxBytes) {
        Inbox inbox = new Inbox(new RedisInboxStore(redis.commands(), new RedisKeys(prefix)), "wecom", Duration.ofMinutes(1), (message, channel) -> {
            handled.incrementAndGet();
            opened.set(channel.open());
            return new CompletableFuture<>(); // the answer is the test's to write
        });
        SharedStreams shared = new SharedStreams(redis.commands(), json, Duration.ofMinutes(12), Duration.ofMillis(20));
        return new WeComAiBot(crypto, inbox, json, new Texts(), Duration.ofMinutes(6), maxBytes, shared,
                new RedisKeys(prefix), clock);
    }

    /** Polls until the stream shows {@code text}: a growing text reaches Redis within a share interval. */
    JsonNode awaitShown(WeComAiBot bot, String streamId, String text) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        Eventually.await("a poll showing " + text, Duration.ofSeconds(10),
                () -> { last.set(call(bot, poll(streamId))); return last.get().path("content").asString().equals(text); },
                () -> "last poll: " + last.get());
        return last.get();
    }

    JsonNode call(WeComAiBot bot, String plain) {
        String encrypt = crypto.encrypt(plain);
        WxResponse response = bot.receive(Map.of("msg_signature", crypto.sign("1", "n", encrypt), "timestamp", "1", "nonce", "n"),
                json.writeValueAsString(Map.of("encrypt", encrypt)));
        assertThat(response.status()).isEqualTo(200);
        return json.readTree(crypto.decrypt(json.readTree(response.body()).path("encrypt").asString())).path("stream");
    }

    String poll(String streamId) {
        return "{\"msgid\":\"p\",\"msgtype\":\"stream\",\"stream\":{\"id\":\"" + streamId + "\"},\"from\":{\"userid\":\"u\"}}";
    }

    static String text(String msgId, String content) {
        return "{\"msgid\":\"" + msgId + "\",\"chattype\":\"single\",\"from\":{\"userid\":\"u\"},\"msgtype\":\"text\","
                + "\"text\":{\"content\":\"" + content + "\"}}";
    }

    @Test
    void past_the_time_limit_the_stream_finishes_with_what_it_has() {
        WeComAiBot bot = bot(20480);
        String id = call(bot, text("m-limit", "think forever")).path("id").asString();
        opened.get().update("half an answer");
        JsonNode before = awaitShown(bot, id, "half an answer");
        assertThat(before.path("finish").asBoolean()).isFalse();
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        JsonNode after = call(bot, poll(id));
        assertThat(after.path("finish").asBoolean()).isTrue();
        assertThat(after.path("content").asString()).isEqualTo("half an answer");
    }

    @Test
    void no_poll_holds_more_than_the_byte_cap() {
        WeComAiBot bot = bot(200);
        String id = call(bot, text("m-cap", "write a lot")).path("id").asString();
        opened.get().update("字".repeat(100));
        assertThat(call(bot, poll(id)).path("content").asString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(200);
        opened.get().finish("字".repeat(500));
        JsonNode last = call(bot, poll(id));
        assertThat(last.path("finish").asBoolean()).isTrue();
        assertThat(last.path("content").asString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(200);
        assertThat(last.path("content").asString()).endsWith(new Texts().get("zh", "reply.cut"));
    }

    @Test
    void polls_and_redeliveries_reaching_another_replica_show_the_growing_text_and_then_the_finished_answer() {
        WeComAiBot a = bot(20480);
        WeComAiBot b = bot(20480);
        String message = text("m-two-replicas", "tell me");
        JsonNode first = call(a, message);
        String id = first.path("id").asString();
        assertThat(first.path("finish").asBoolean()).isFalse();
        assertThat(call(b, poll(id)).path("finish").asBoolean()).as("B knows the stream at once").isFalse();

        opened.get().update("Once upon");
        assertThat(awaitShown(b, id, "Once upon").path("finish").asBoolean()).isFalse();
        opened.get().update("Once upon a time");
        awaitShown(b, id, "Once upon a time");
        JsonNode again = call(b, message);
        assertThat(again.path("id").asString()).as("WeCom delivering the message again to B: the same stream").isEqualTo(id);
        assertThat(again.path("content").asString()).isEqualTo("Once upon a time");

        opened.get().finish("Once upon a time, the end.");
        JsonNode last = call(b, poll(id));
        assertThat(last.path("finish").asBoolean()).as("finished as soon as finish returns").isTrue();
        assertThat(last.path("content").asString()).isEqualTo("Once upon a time, the end.");
        assertThat(handled).as("answered once, by A").hasValue(1);
    }

    @Test
    void an_ai_bot_stream_shows_command_answers_and_finishes_when_dealt_with() {
        SharedStreams shared = new SharedStreams(redis.commands(), json, Duration.ofMinutes(1), Duration.ofMillis(20));
        String key = prefix + ":{c:wecom:bot:u}:stream:s1";
        AiBotStream stream = new AiBotStream(new PolledReply(20480, "cut"), shared, key, 1234);
        stream.send("/help text");
        Eventually.await("the command's answer in Redis", Duration.ofSeconds(10), () -> shared.load(key)
                .map(s -> s.snapshot().equals(new PolledReply.Snapshot("/help text", false))).orElse(false));
        stream.done();
        assertThat(shared.load(key)).get().isEqualTo(new SharedStreams.Stored(new PolledReply.Snapshot("/help text", true), 1234, java.util.List.of()));
    }
}
