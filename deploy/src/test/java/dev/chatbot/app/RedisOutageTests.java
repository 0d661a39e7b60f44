package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.FakeTelegramServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import dev.chatbot.testsupport.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis of the test's own (redis-server with an append-only file) killed, restarted, frozen and
 * thawed while the whole app answers: an answer is neither lost from history nor given twice.
 */
class RedisOutageTests {

    static final long ALICE = 111;
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String APOLOGY = "Sorry, I can't reach my memory right now. Please try again in a minute.";

    @TempDir
    Path dir;
    int port;
    Process redis;
    /** The test's own client, for its questions to Redis. */
    final RedisClient client = RedisClient.create();

    @AfterEach
    void stopRedis() throws InterruptedException {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        if (redis != null) {
            signal("CONT");
            redis.destroyForcibly();
            redis.waitFor();
        }
    }

    void startRedis() throws IOException, InterruptedException {
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--appendonly", "yes", "--save", "", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        Eventually.await("redis-server to answer", Duration.ofSeconds(20), this::ping);
    }

    void killRedis() throws InterruptedException {
        redis.destroyForcibly(); // SIGKILL: what the AOF had written survives, as after a crash
        redis.waitFor();
        redis = null;
    }

    void signal(String name) throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(redis.pid())).start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean ping() {
        return query(r -> "PONG".equals(r.ping()));
    }

    /** A question to the test's Redis on a connection of its own; false while Redis does not answer. */
    boolean query(Predicate<RedisCommands<String, String>> check) {
        try (StatefulRedisConnection<String, String> c = client.connect(io.lettuce.core.RedisURI.create("redis://127.0.0.1:" + port))) {
            c.setTimeout(Duration.ofSeconds(2));
            return check.test(c.sync());
        } catch (RuntimeException e) {
            return false;
        }
    }

    RunningBot bot() throws IOException, InterruptedException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        startRedis();
        return new RunningBot().with("bot.redis.url", "redis://127.0.0.1:" + port).with("bot.redis.timeout", "1s").start();
    }

    static void awaitBotText(FakeTelegramServer telegram, int index, String text) {
        telegram.await(WAIT, "bot message #" + index + " to read: " + text,
                t -> t.botMessages(ALICE).size() > index && t.botMessages(ALICE).get(index).text().equals(text));
    }

    @Test
    void an_answer_shown_while_redis_died_is_saved_once_it_is_back_and_not_given_again_after_a_restart() throws Exception {
        try (RunningBot bot = bot()) {
            FakeTelegramServer telegram = bot.telegram;
            RedisKeys keys = new RedisKeys(bot.prefix);
            String history = keys.history(ChatKey.of("telegram", Long.toString(ALICE)));
            telegram.privateText(ALICE, "Alice", "en", "first");
            awaitBotText(telegram, 0, "You said: first");

            bot.openai.enqueue(Script.tokens(Duration.ofMillis(300), "A", " slow", " answer", " that", " outlives",
                    " its", " Redis", " by", " a", " while."));
            telegram.privateText(ALICE, "Alice", "en", "second");
            telegram.await(WAIT, "the answer half shown", t -> t.calls("sendmessagedraft", ALICE).stream()
                    .anyMatch(c -> c.text().contains("outlives")));
            killRedis(); // about 1.5 s into a 3 s answer
            awaitBotText(telegram, 1, "A slow answer that outlives its Redis by a while.");

            startRedis();
            telegram.await(WAIT, "the answer saved and its update forgotten once Redis is back",
                    t -> query(r -> r.llen(history) == 4 && r.hlen(keys.pending("telegram")) == 0));

            bot.restart();
            telegram.privateText(ALICE, "Alice", "en", "third");
            awaitBotText(telegram, 2, "You said: third");
            assertThat(telegram.botMessages(ALICE)).as("the second question answered once").hasSize(3);
            assertThat(bot.openai.requests()).hasSize(3);
            assertThat(bot.openai.requests().get(2).messages()).as("the answer given during the outage is in history")
                    .contains("assistant: A slow answer that outlives its Redis by a while.");
        }
    }

    @Test
    void a_message_whose_record_landed_late_after_a_freeze_is_forgotten_not_answered_again() throws Exception {
        try (RunningBot bot = bot()) {
            FakeTelegramServer telegram = bot.telegram;
            RedisKeys keys = new RedisKeys(bot.prefix);
            telegram.privateText(ALICE, "Alice", "en", "first");
            awaitBotText(telegram, 0, "You said: first");

            signal("STOP");
            long frozen = telegram.privateText(ALICE, "Alice", "en", "while frozen");
            awaitBotText(telegram, 1, APOLOGY);
            signal("CONT");
            telegram.await(WAIT, "the late record landed and was forgotten", t -> query(r ->
                    r.exists(keys.seen("telegram", Long.toString(frozen))) == 1
                            && !r.hexists(keys.pending("telegram"), Long.toString(frozen))));

            bot.restart();
            telegram.privateText(ALICE, "Alice", "en", "after");
            awaitBotText(telegram, 2, "You said: after");
            assertThat(telegram.botMessages(ALICE)).as("the frozen message got its apology only").hasSize(3);
            assertThat(bot.openai.requests()).hasSize(2);
        }
    }
}
