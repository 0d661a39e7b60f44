package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.FakeTelegramServer;
import dev.chatbot.testsupport.FakeTelegramServer.SentMessage;
import dev.chatbot.testsupport.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several instances of the app behind one bot token, on one Redis and one fake Telegram: every
 * update answered exactly once, in order per chat, and a replica's death costs a lease's wait.
 */
class ScaleOutTests {

    static final String SECRET = "scale-out-secret";
    static final long ALICE = 111;
    static final long GROUP = -1001234567890L;
    static final Duration WAIT = Duration.ofSeconds(90);
    static final String[] TOKENS = {"One", " two", " three", " four", " five", " six", " seven", " eight", " nine", " ten."};
    static final String FULL = String.join("", TOKENS);

    final HttpClient http = HttpClient.newHttpClient();

    static String mention(String text) {
        return "@" + FakeTelegramServer.BOT_USERNAME + " " + text;
    }

    static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    int post(int port, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhook/telegram"))
                .header("Content-Type", "application/json")
                .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void webhook_updates_spread_round_robin_over_two_replicas_are_answered_once_each_in_order_per_chat() throws Exception {
        try (RunningBot bot = new RunningBot()
                .with("bot.telegram.webhook-url", "https://bot.example.org/webhook/telegram")
                .with("bot.telegram.webhook-secret", SECRET)
                .with("bot.replica.name", "replica-a")) {
            bot.start();
            int[] ports = {bot.port(), port(bot.startReplica("replica-b"))};
            int chats = 40;
            int perChat = 5;
            int posted = 0;
            for (int round = 0; round < perChat; round++) {
                for (int c = 0; c < chats; c++) {
                    String update = bot.telegram.privateTextUpdateJson(1000 + c, "User" + c, "en", "m" + round);
                    // the load balancer's round robin: consecutive messages of one chat land on different replicas
                    assertThat(post(ports[posted++ % 2], update)).isEqualTo(200);
                }
            }

            for (int c = 0; c < chats; c++) {
                List<String> expected = new ArrayList<>();
                for (int round = 0; round < perChat; round++) {
                    expected.add("You said: m" + round);
                }
                long chat = 1000 + c;
                bot.telegram.await(WAIT, "chat " + chat + " answered once per message, in order",
                        t -> t.botMessages(chat).stream().map(SentMessage::text).toList().equals(expected));
            }
        }
    }

    @Test
    void one_replica_polls_and_when_it_is_killed_another_takes_over_within_the_lease_and_finishes_its_answer()
            throws Exception {
        try (RunningBot bot = new RunningBot().with("bot.replica.lease", "2s");
             RedisConnection redis = RedisConnection.connect(TestRedis.url(), Duration.ofSeconds(5))) {
            FakeTelegramServer telegram = bot.telegram;
            RedisKeys keys = new RedisKeys(bot.prefix);
            bot.openai.enqueue(Script.tokens(Duration.ofMillis(500), TOKENS));
            bot.startInChildJvm();
            telegram.await(WAIT, "the first replica polling", t -> !t.calls("getUpdates").isEmpty());
            ConfigurableApplicationContext survivor = bot.startReplica("survivor");
            int pollsBefore = telegram.calls("getUpdates").size();

            long update = telegram.groupText(GROUP, ALICE, "Alice", mention("count to ten"));
            telegram.await(WAIT, "a partial answer shown", t -> t.botMessages(GROUP).size() == 1
                    && !t.botMessages(GROUP).getFirst().text().equals(FULL));
            int partial = telegram.botMessages(GROUP).getFirst().messageId();
            telegram.await(WAIT, "the partial message noted in the inbox record", t -> {
                var pending = redis.commands().hgetall(keys.pending("telegram")).toCompletableFuture().join();
                return pending.getOrDefault(Long.toString(update), "").contains("\"" + partial + "\"");
            });
            telegram.await(WAIT, "Telegram was told the update arrived", t -> t.confirmedOffset() > update);
            assertThat(telegram.conflicts()).as("getUpdates refused because two replicas polled at once").isZero();
            assertThat(telegram.calls("getUpdates").size()).as("the first replica kept polling").isGreaterThan(pollsBefore);

            bot.killChildJvm();
            long killedAt = System.nanoTime();
            bot.openai.enqueue(Script.tokens(Duration.ofMillis(20), TOKENS));

            telegram.await(WAIT, "the survivor finishing the dead replica's answer in its message",
                    t -> t.botMessages(GROUP).getFirst().text().equals(FULL));
            Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
            // a lease (2 s) for the owner's hold to lapse, a third of one for the next look, the rest of the answer
            assertThat(takeover).as("time to take over").isLessThan(Duration.ofSeconds(8));

            telegram.groupText(GROUP, ALICE, "Alice", mention("and now?"));
            telegram.await(WAIT, "the survivor polling and answering the next message", t -> t.botMessages(GROUP).size() == 2
                    && t.botMessages(GROUP).get(1).text().equals("You said: [Alice] and now?"));
            assertThat(telegram.botMessages(GROUP)).extracting(SentMessage::messageId)
                    .as("no second message for the first answer").containsExactly(partial,
                            telegram.botMessages(GROUP).get(1).messageId());
            telegram.await(WAIT, "both updates forgotten",
                    t -> redis.commands().hlen(keys.pending("telegram")).toCompletableFuture().join() == 0);
            assertThat(survivor.isRunning()).isTrue();
        }
    }
}
