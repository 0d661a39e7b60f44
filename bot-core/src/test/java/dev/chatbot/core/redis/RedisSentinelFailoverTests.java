package dev.chatbot.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.chat.Sender;
import dev.chatbot.core.engine.ChatLanes;
import dev.chatbot.core.engine.ConversationEngine;
import dev.chatbot.core.engine.EngineSettings;
import dev.chatbot.core.engine.TurnObserver;
import dev.chatbot.core.history.RedisChatStore;
import dev.chatbot.core.history.TokenCounter;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.limits.FairUse;
import dev.chatbot.core.llm.FallbackChain;
import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.llm.ModelInfo;
import dev.chatbot.core.llm.ProviderRegistry;
import dev.chatbot.core.llm.openai.OpenAiCompatibleConfig;
import dev.chatbot.core.llm.openai.OpenAiCompatibleProvider;
import dev.chatbot.core.reply.Reply;
import dev.chatbot.core.reply.ReplyChannel;
import dev.chatbot.core.settings.RedisSettingsStore;
import dev.chatbot.testsupport.Eventually;
import dev.chatbot.testsupport.FakeOpenAiServer;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * BOT_REDIS_URL=redis-sentinel://... on a real Sentinel: a master, a replica and a sentinel started here from
 * the redis-server binary on loopback ports. Sentinel promotes the replica while one chat is mid-answer; that
 * chat gets at most an apology, and every chat is answered afterwards, on the new master.
 */
class RedisSentinelFailoverTests {

    static final String MASTER_NAME = "chatbot";
    static final Sender ALICE = new Sender("111", "alice", "Alice", "en");

    final List<Process> processes = new ArrayList<>();
    final List<AutoCloseable> closing = new ArrayList<>();
    final FakeOpenAiServer openai = new FakeOpenAiServer();
    final JsonMapper json = JsonMapper.builder().build();
    final Texts texts = new Texts();
    final List<String> seen = new CopyOnWriteArrayList<>();
    Path dir;

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // the rest still stops
            }
        }
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            p.waitFor();
        }
        openai.close();
    }

    @Test
    void after_sentinel_promotes_the_replica_chats_are_answered_again_with_at_most_an_apology_mid_answer() throws Exception {
        assumeTrue(onPath("redis-server"), "no redis-server binary on this machine");
        dir = Files.createTempDirectory("sentinel-test");
        closing.add(() -> deleteTree(dir.toFile()));
        int master = freePort();
        int replica = freePort();
        int sentinel = freePort();
        start(master, "--port", Integer.toString(master));
        start(replica, "--port", Integer.toString(replica), "--replicaof", "127.0.0.1", Integer.toString(master));
        Path conf = dir.resolve("sentinel.conf");
        Files.writeString(conf, String.join("\n",
                "port " + sentinel, "bind 127.0.0.1", "dir " + dir,
                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master + " 1",
                "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                "sentinel failover-timeout " + MASTER_NAME + " 5000", ""));
        start(sentinel, conf.toString(), "--sentinel");
        Eventually.await("the sentinel to see the replica", Duration.ofSeconds(30),
                () -> sentinelAnswers(sentinel, c -> !c.replicas(MASTER_NAME).isEmpty()));

        RedisConnection redis = RedisConnection.connect("redis-sentinel://127.0.0.1:" + sentinel + "#" + MASTER_NAME,
                Duration.ofSeconds(2));
        closing.add(redis::close);
        ConversationEngine engine = engine(redis);
        closing.add(engine);
        openai.respondWith(request -> {
            String asked = request.messages().getLast().replaceFirst("^user: ", "");
            int dots = asked.equals("slow") ? 60 : 0;
            List<String> tokens = new ArrayList<>(Collections.nCopies(dots, "."));
            tokens.addFirst("You said: " + asked);
            return Script.tokens(Duration.ofMillis(50), tokens.toArray(String[]::new));
        });

        ask(engine, "before", "q0");
        Eventually.await("an answer before the failover", Duration.ofSeconds(20), () -> seen.contains("before: You said: q0"));

        ask(engine, "mid", "slow");
        Eventually.await("the slow answer under way", Duration.ofSeconds(20), () -> seen.contains("mid: shows"));
        assertThat(sentinelAnswers(sentinel, c -> "OK".equals(c.failover(MASTER_NAME)))).as("SENTINEL FAILOVER").isTrue();
        Eventually.await("the replica promoted", Duration.ofSeconds(30),
                () -> sentinelAnswers(sentinel, c -> ((java.net.InetSocketAddress) c.getMasterAddrByName(MASTER_NAME)).getPort() == replica));

        Eventually.await("the mid-answer chat's answer or apology", Duration.ofSeconds(30),
                () -> seen.stream().anyMatch(s -> s.startsWith("mid: ") && !s.equals("mid: shows")));
        String mid = seen.stream().filter(s -> s.startsWith("mid: ") && !s.equals("mid: shows")).findFirst().orElseThrow();
        assertThat(mid).as("the whole answer, or an apology").satisfiesAnyOf(
                m -> assertThat(m).isEqualTo("mid: You said: slow" + ".".repeat(60)),
                m -> assertThat(m).contains(texts.get("en", "error.storage")));

        for (int i = 1; i <= 3; i++) {
            askUntilAnswered(engine, "after-" + i, "q" + i);
        }
        RedisChatStore direct = new RedisChatStore(redis.commands(), new RedisKeys("sentinel-test"), json, 40, Duration.ofHours(1));
        assertThat(direct.history(ChatKey.of("test", "after-3")).toCompletableFuture().get()).hasSize(2);
    }

    ConversationEngine engine(RedisConnection redis) {
        RedisKeys keys = new RedisKeys("sentinel-test");
        ModelInfo model = new ModelInfo("gpt-test", "openai", "gpt-test", 128_000, 4_000, 2.5, 10.0, false,
                ModelInfo.Access.EVERYONE, Set.of());
        ProviderRegistry providers = new ProviderRegistry(List.of(new OpenAiCompatibleProvider(
                OpenAiCompatibleConfig.of("openai", openai.baseUrl(), "sk-test"), json)));
        return new ConversationEngine(new EngineSettings(null, Duration.ofSeconds(60), null, Duration.ofSeconds(10), "replica-a"),
                new RedisChatStore(redis.commands(), keys, json, 40, Duration.ofHours(1)),
                new RedisSettingsStore(redis.commands(), keys), new ModelCatalog(List.of(model), "gpt-test", "openai"),
                providers, FallbackChain.none(), new TokenCounter(), texts, List.of(), new ChatLanes(), FairUse.OPEN,
                TurnObserver.NONE);
    }

    /**
     * Asks until answered: a question asked while the client still finds its way to the new master may get the
     * apology, as a user would, and is then asked again; three tries at most.
     */
    void askUntilAnswered(ConversationEngine engine, String chat, String question) {
        String apology = chat + ": " + texts.get("en", "error.storage");
        for (int attempt = 0; attempt < 3; attempt++) {
            seen.removeIf(s -> s.startsWith(chat + ": "));
            ask(engine, chat, question);
            Eventually.await(chat + " answered or apologised", Duration.ofSeconds(30),
                    () -> seen.contains(chat + ": You said: " + question) || seen.contains(apology));
            if (seen.contains(chat + ": You said: " + question)) {
                return;
            }
        }
        throw new AssertionError(chat + " was not answered on the new master: " + seen);
    }

    void ask(ConversationEngine engine, String chat, String text) {
        engine.submit(new InboundMessage(ChatKey.of("test", chat), "m-" + text, ALICE, text, InboundMessage.Kind.TEXT, true,
                true, null, null), new Channel(chat));
    }

    void start(int port, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("redis-server");
        command.addAll(List.of(args));
        if (!args[0].endsWith(".conf")) {
            command.addAll(List.of("--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
        processes.add(p);
        Eventually.await("redis on port " + port, Duration.ofSeconds(20), () -> answersPing(port));
    }

    static boolean answersPing(int port) {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        try (var c = client.connect()) {
            return "PONG".equals(c.sync().ping());
        } catch (RuntimeException e) {
            return false;
        } finally {
            client.shutdown();
        }
    }

    static boolean sentinelAnswers(int port, java.util.function.Predicate<io.lettuce.core.sentinel.api.sync.RedisSentinelCommands<String, String>> check) {
        RedisClient client = RedisClient.create();
        try (var c = client.connectSentinel(RedisURI.create("127.0.0.1", port))) {
            return check.test(c.sync());
        } catch (RuntimeException e) {
            return false;
        } finally {
            client.shutdown();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static boolean onPath(String binary) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, binary))) {
                return true;
            }
        }
        return false;
    }

    static void deleteTree(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                deleteTree(c);
            }
        }
        f.delete();
    }

    /** What one chat sees: that its answer shows, how it ends, and short messages. */
    final class Channel implements ReplyChannel {

        private final String chat;

        Channel(String chat) {
            this.chat = chat;
        }

        @Override
        public Reply open() {
            return new Reply() {
                private boolean shown;

                @Override
                public void update(String textSoFar) {
                    if (!shown && !textSoFar.isBlank()) {
                        shown = true;
                        seen.add(chat + ": shows");
                    }
                }

                @Override
                public void finish(String finalText) {
                    seen.add(chat + ": " + finalText);
                }

                @Override
                public void abandon() {
                }
            };
        }

        @Override
        public void send(String text) {
            seen.add(chat + ": " + text);
        }
    }
}
