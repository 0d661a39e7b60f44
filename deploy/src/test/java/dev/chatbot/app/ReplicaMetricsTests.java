package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** /actuator/prometheus after an answer: the turn's meters, labelled with the replica, and all the dashboard plots. */
class ReplicaMetricsTests {

    static final long ALICE = 111;

    @Test
    void an_answer_shows_in_the_metrics_under_the_replicas_name_and_the_dashboard_finds_every_metric() throws Exception {
        try (RunningBot bot = new RunningBot().with("bot.replica.name", "replica-m").start()) {
            bot.telegram.privateText(ALICE, "Alice", "en", "hello");
            bot.telegram.await(Duration.ofSeconds(30), "the answer",
                    t -> !t.botMessages(ALICE).isEmpty() && t.botMessages(ALICE).getFirst().text().equals("You said: hello"));

            HttpClient http = HttpClient.newHttpClient();
            String[] scrape = new String[1];
            dev.chatbot.testsupport.Eventually.await("the answer counted in /actuator/prometheus", Duration.ofSeconds(15), () -> {
                try {
                    scrape[0] = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port()
                            + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
                } catch (java.io.IOException | InterruptedException e) {
                    return false;
                }
                return scrape[0].contains("chatbot_answers_total{");
            });
            String metrics = scrape[0];
            assertThat(metrics).containsPattern("chatbot_answers_total\\{[^}]*outcome=\"ok\"[^}]*replica=\"replica-m\"");
            assertThat(metrics).containsPattern("chatbot_tokens_total\\{[^}]*direction=\"out\"[^}]*model=\"gpt-4o-mini\"");
            assertThat(metrics).containsPattern("chatbot_first_token_seconds_count\\{[^}]*replica=\"replica-m\"[^}]*\\} 1");
            assertThat(metrics).containsPattern("chatbot_streams_active\\{[^}]*replica=\"replica-m\"[^}]*\\} 0");

            // what the Grafana dashboard plots exists (counters that have not counted yet are registered at start)
            Set<String> queried = new LinkedHashSet<>();
            Matcher m = Pattern.compile("(chatbot_[a-z_]+?)(_bucket)?\\{").matcher(Files.readString(Path.of("grafana/chatbot-dashboard.json")));
            while (m.find()) {
                queried.add(m.group(1));
            }
            assertThat(queried).hasSizeGreaterThan(6);
            for (String name : queried) {
                if (!name.equals("chatbot_provider_errors_total")) { // only once a provider failed
                    assertThat(metrics).as("the dashboard's " + name).contains(name);
                }
            }
        }
    }

    /**
     * The meters of what the platform and the other replicas do: a 429 from Telegram, the first text shown, and
     * a message that a replica received and never answered, taken up at this one's start.
     */
    @Test
    void a_telegram_429_the_first_visible_text_and_a_replayed_message_each_move_their_meter() throws Exception {
        try (RunningBot bot = new RunningBot().with("bot.replica.name", "replica-r")) {
            // received by a replica that died before answering (a record without a living owner)
            String update = bot.telegram.privateTextUpdateJson(ALICE + 1, "Bob", "en", "left behind");
            TestRedisAccess.hset(new dev.chatbot.core.redis.RedisKeys(bot.prefix).pending("telegram"), "900001", update);
            bot.telegram.floodNext("sendMessage", 1, 1);
            bot.start();

            bot.telegram.await(Duration.ofSeconds(30), "the replayed message answered",
                    t -> !t.botMessages(ALICE + 1).isEmpty() && t.botMessages(ALICE + 1).getFirst().text().equals("You said: left behind"));
            String metrics = scrapeUntil(bot, Pattern.compile("chatbot_first_visible_text_seconds_count\\{[^}]*\\} [1-9]"));
            assertThat(metrics).containsPattern("chatbot_inbox_replays_total\\{[^}]*platform=\"telegram\"[^}]*replica=\"replica-r\"[^}]*\\} 1\\.0");
            assertThat(metrics).containsPattern("chatbot_platform_rate_limited_total\\{[^}]*platform=\"telegram\"[^}]*\\} 1\\.0");
            assertThat(metrics).containsPattern("chatbot_first_visible_text_seconds_count\\{[^}]*replica=\"replica-r\"[^}]*\\} 1");
            assertThat(metrics).containsPattern("chatbot_platform_rate_limited_total\\{[^}]*platform=\"discord\"[^}]*\\} 0\\.0");
        }
    }

    /** /actuator/prometheus once it shows {@code expected}. */
    static String scrapeUntil(RunningBot bot, Pattern expected) {
        HttpClient http = HttpClient.newHttpClient();
        String[] scrape = new String[1];
        dev.chatbot.testsupport.Eventually.await(expected + " in /actuator/prometheus", Duration.ofSeconds(15), () -> {
            try {
                scrape[0] = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port()
                        + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.io.IOException | InterruptedException e) {
                return false;
            }
            return expected.matcher(scrape[0]).find();
        });
        return scrape[0];
    }

    /** Writes straight into the test's Redis, as another replica would have. */
    static final class TestRedisAccess {
        static void hset(String key, String field, String value) {
            io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(dev.chatbot.testsupport.TestRedis.url());
            try (var connection = client.connect()) {
                connection.sync().hset(key, field, value);
            } finally {
                client.shutdown();
            }
        }
    }
}
