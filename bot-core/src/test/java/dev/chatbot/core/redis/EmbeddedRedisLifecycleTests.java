package dev.chatbot.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded Redis lives exactly as long as the bot's JVM: a JVM killed with -9 takes it along,
 * and a start ends one that a killed run left behind on the same data directory. The bot's side
 * runs in a child JVM here, so it can really be killed.
 */
class EmbeddedRedisLifecycleTests {

    @TempDir
    Path dataDir;
    private Process bot;
    private Started started;

    /** What the child JVM reported: its Redis's process and URL. */
    record Started(ProcessHandle redis, String url) {
        int port() {
            return URI.create(url).getPort();
        }
    }

    /** Whatever a failed test left running; SIGKILL, as Redis will not stop on SIGTERM once its directory is gone. */
    @AfterEach
    void killLeftovers() {
        if (bot != null) {
            bot.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            bot.destroyForcibly();
        }
        if (started != null) {
            started.redis().destroyForcibly();
        }
    }

    @Test
    void kill_9_of_the_jvm_ends_its_embedded_redis() throws Exception {
        started = startBotJvm();
        assertThat(ping(started.url())).isEqualTo("PONG");

        bot.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
        bot.waitFor(30, TimeUnit.SECONDS);

        assertThat(started.redis().onExit()).as("the orphaned Redis ends").succeedsWithin(java.time.Duration.ofSeconds(30));
        assertThat(refusesConnections(started.port())).isTrue();
    }

    @Test
    void a_start_ends_the_redis_a_killed_run_left_on_the_same_data_dir_and_keeps_its_data() throws Exception {
        started = startBotJvm();
        set(started.url(), "greeting", "kept across the restart");
        // the watcher that would end Redis dies with the JVM (an OOM kill of both, say): Redis is orphaned
        for (ProcessHandle p : bot.toHandle().descendants().filter(p -> p.pid() != started.redis().pid()).toList()) {
            p.destroyForcibly();
            p.onExit().get(10, TimeUnit.SECONDS);
        }
        bot.destroyForcibly();
        bot.waitFor(30, TimeUnit.SECONDS);
        assertThat(ping(started.url())).as("the leftover still runs").isEqualTo("PONG");

        try (EmbeddedRedis next = EmbeddedRedis.start(dataDir)) {
            assertThat(started.redis().isAlive()).as("the leftover was ended before the new start").isFalse();
            assertThat(refusesConnections(started.port())).isTrue();
            assertThat(get(next.url(), "greeting")).isEqualTo("kept across the restart");
        }
    }

    @Test
    void a_data_dir_whose_bot_still_runs_is_refused_and_its_redis_left_alone() {
        try (EmbeddedRedis first = EmbeddedRedis.start(dataDir)) {
            assertThatThrownBy(() -> EmbeddedRedis.start(dataDir))
                    .hasMessageContaining("is in use by the embedded Redis of another running bot")
                    .hasMessageContaining("BOT_DATA_DIR");
            assertThat(ping(first.url())).isEqualTo("PONG");
        }
        assertThat(dataDir.resolve(DataDirClaim.FILE)).as("a clean stop removes its claim").doesNotExist();
    }

    @Test
    void a_claim_naming_a_process_that_is_no_redis_is_ignored() throws Exception {
        long notRedis = ProcessHandle.current().pid(); // alive, but a java process, and this JVM owns nothing
        Files.writeString(dataDir.resolve(DataDirClaim.FILE), "pid=" + notRedis + "\nport=1\nowner=1\n");
        try (EmbeddedRedis redis = EmbeddedRedis.start(dataDir)) {
            assertThat(ping(redis.url())).isEqualTo("PONG");
        }
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    private Started startBotJvm() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        bot = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedRedisChildMain.class.getName(), dataDir.toString()))
                .redirectError(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + "-bot.log").toFile()))
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(bot.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("READY ")) {
                String[] parts = line.split(" ");
                started = new Started(ProcessHandle.of(Long.parseLong(parts[1])).orElseThrow(), parts[2]);
                return started;
            }
        }
        throw new AssertionError("the child JVM ended without starting Redis; see its log next to " + dataDir);
    }

    private static String ping(String url) {
        try (Lettuce l = new Lettuce(url)) {
            return l.connection.sync().ping();
        }
    }

    private static void set(String url, String key, String value) {
        try (Lettuce l = new Lettuce(url)) {
            l.connection.sync().set(key, value);
        }
    }

    private static String get(String url, String key) {
        try (Lettuce l = new Lettuce(url)) {
            return l.connection.sync().get(key);
        }
    }

    private static boolean refusesConnections(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        } catch (ConnectException refused) {
            return true;
        }
    }

    private record Lettuce(RedisClient client, StatefulRedisConnection<String, String> connection) implements AutoCloseable {
        Lettuce(String url) {
            this(RedisClient.create(url));
        }

        private Lettuce(RedisClient client) {
            this(client, client.connect());
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }
}
