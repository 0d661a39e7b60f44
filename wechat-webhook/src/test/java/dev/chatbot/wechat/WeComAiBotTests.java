package dev.chatbot.wechat;

import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.inbox.Inbox;
import dev.chatbot.core.inbox.RedisInboxStore;
import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.core.reply.Reply;
import dev.chatbot.core.reply.ReplyClock;
import dev.chatbot.testsupport.TestRedis;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The AI bot's caps, on a clock the test moves: the stream ends at the time limit, and never holds more than the byte cap. */
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

    static final class ManualClock implements ReplyClock {
        volatile long now;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void timedWait(Object monitor, long nanos) {
            now += nanos;
        }
    }

    final JsonMapper json = JsonMapper.builder().build();
    final WxCrypto crypto = new WxCrypto(TOKEN, KEY, "");
    final ManualClock clock = new ManualClock();
    final AtomicReference<Reply> opened = new AtomicReference<>();

    WeComAiBot bot(int maxBytes) {
        Inbox inbox = new Inbox(new RedisInboxStore(redis.commands(), new RedisKeys(prefix)), "wecom", Duration.ofMinutes(1), (message, channel) -> {
            opened.set(channel.open());
            return new CompletableFuture<>(); // the answer is the test's to write
        });
        return new WeComAiBot(crypto, inbox, json, new Texts(), Duration.ofMinutes(6), maxBytes, clock, Clock.systemUTC());
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
        JsonNode before = call(bot, poll(id));
        assertThat(before.path("content").asString()).isEqualTo("half an answer");
        assertThat(before.path("finish").asBoolean()).isFalse();
        clock.now += Duration.ofMinutes(6).toNanos();
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
}
