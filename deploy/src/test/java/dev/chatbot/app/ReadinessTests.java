package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.Eventually;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import redis.embedded.RedisServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Readiness says whether the bot can work: Redis answers PING and Telegram delivers updates.
 * Liveness stays UP meanwhile, since a restart fixes neither.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadinessTests {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String CONFLICT = "{\"ok\":false,\"error_code\":409,\"description\":\"Conflict: terminated by other "
            + "getUpdates request; make sure that only one bot instance is running\"}";

    /** An actuator health answer: HTTP status and the JSON body. */
    record Probe(int status, JsonNode body) {

        String component(String name) {
            return body.path("components").path(name).path("status").asString();
        }

        String detail(String name) {
            return body.path("components").path(name).path("details").toString();
        }
    }

    static Probe probe(RunningBot bot, String path) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + bot.port() + "/actuator/health" + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Probe(response.statusCode(), JsonMapper.builder().build().readTree(response.body()));
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static void awaitReadiness(RunningBot bot, String what, java.util.function.Predicate<Probe> condition) {
        Probe[] last = new Probe[1];
        Eventually.await(what, WAIT, () -> condition.test(last[0] = probe(bot, "/readiness")),
                () -> "last readiness: " + (last[0] == null ? "none" : last[0].status() + " " + last[0].body()));
    }

    @Test
    void readiness_goes_down_while_redis_is_down_and_up_again_when_it_is_back() throws IOException {
        int port = freePort();
        RedisServer redis = redisOn(port);
        redis.start();
        try (RunningBot bot = new RunningBot().with("bot.redis.url", "redis://127.0.0.1:" + port)
                .with("bot.redis.timeout", "2s").start()) {
            awaitReadiness(bot, "ready with Redis and Telegram up", p -> p.status() == 200
                    && p.component("redis").equals("UP") && p.component("telegram").equals("UP"));
            assertThat(probe(bot, "").status()).as("overall health").isEqualTo(200);

            redis.stop();
            awaitReadiness(bot, "not ready: Redis down", p -> p.status() == 503 && p.component("redis").equals("DOWN"));
            assertThat(probe(bot, "/readiness").detail("redis")).contains("Redis does not answer PING");
            assertThat(probe(bot, "").status()).as("overall health").isEqualTo(503);
            assertThat(probe(bot, "/liveness").status()).as("liveness: a restart would not bring Redis back").isEqualTo(200);

            redis.start();
            awaitReadiness(bot, "ready again: Redis back", p -> p.status() == 200 && p.component("redis").equals("UP"));
        } finally {
            redis.stop();
        }
    }

    @Test
    void a_409_on_every_getupdates_makes_the_bot_unready_with_the_hint_in_one_log_line(CapturedOutput output) {
        try (RunningBot bot = new RunningBot()) {
            bot.telegram.failNext("getUpdates", 1_000, 409, CONFLICT);
            bot.start();
            awaitReadiness(bot, "not ready: another instance polls", p -> p.status() == 503
                    && p.component("telegram").equals("DOWN"));
            assertThat(probe(bot, "/readiness").detail("telegram")).contains("another instance polls this token (409 Conflict)");
            assertThat(probe(bot, "/liveness").status()).as("liveness: a restart would not stop the other instance")
                    .isEqualTo(200);

            bot.telegram.await(WAIT, "three 409 answers", t -> t.calls("getUpdates").size() >= 3);
            assertThat(output.getAll().lines().filter(l -> l.contains("409 Conflict")).toList())
                    .as("one warning line for all the 409s").hasSize(1)
                    .allSatisfy(l -> assertThat(l).contains("WARN", "another instance polls this token"));
            assertThat(output.getAll()).doesNotContain("TelegramApiErrorResponseException").doesNotContain("\tat okhttp3.");
        }
    }

    static RedisServer redisOn(int port) throws IOException {
        return RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
