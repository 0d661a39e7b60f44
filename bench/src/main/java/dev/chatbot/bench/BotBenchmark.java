package dev.chatbot.bench;

import dev.chatbot.testsupport.TestRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Starts the packaged bot against a fake Telegram and a fake OpenAI on loopback and drives N
 * private chats at once, each asking {@code rounds} questions in a row; every answer is
 * {@code tokens} tokens at {@code rate} tokens a second. Prints a table and writes JSON.
 *
 * <p>Usage: BotBenchmark [--chats 1,100,1000] [--tokens 40] [--rate 20] [--rounds 3]
 * [--jar deploy/target/chatbot.jar] [--out bench/results/latest.json] [--jfr]
 */
public final class BotBenchmark {

    static final String TOKEN = "424242:BENCH_token";
    static final Duration PRIVATE_PACE = Duration.ofSeconds(1);
    static final Duration DRAFT_PACE = Duration.ofMillis(500);
    /** The bot-wide budget is lifted so the figures show the bot's own cost, not Telegram's 30 messages a second. */
    static final int BOT_WIDE_MESSAGES_PER_SECOND = 100_000;

    record Options(List<Integer> chats, int tokens, double rate, int rounds, Path jar, Path out, boolean jfr) {

        static Options parse(String[] args) {
            Map<String, String> a = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--jfr")) {
                    a.put("jfr", "true");
                } else if (args[i].startsWith("--") && i + 1 < args.length) {
                    a.put(args[i].substring(2), args[++i]);
                } else {
                    throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            List<Integer> chats = new ArrayList<>();
            for (String s : a.getOrDefault("chats", "1,100,1000").split(",")) {
                chats.add(Integer.parseInt(s.strip()));
            }
            return new Options(chats, Integer.parseInt(a.getOrDefault("tokens", "40")),
                    Double.parseDouble(a.getOrDefault("rate", "20")), Integer.parseInt(a.getOrDefault("rounds", "3")),
                    Path.of(a.getOrDefault("jar", "deploy/target/chatbot.jar")),
                    Path.of(a.getOrDefault("out", "bench/results/latest.json")), a.containsKey("jfr"));
        }
    }

    record Result(int chats, int answers, int expected, double seconds, double answersPerSecond,
                  double firstTextP50, double firstTextP99, double addedP50, double addedP99,
                  double cpuMsPerAnswer, double allocatedKbPerAnswer, double heapKbPerStream,
                  double redisRoundTripsPerTurn, double telegramCallsPerAnswer, long errors,
                  double peakRssMb, Instant measuredFrom, Instant measuredTo) {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (!Files.isRegularFile(options.jar())) {
            throw new IllegalStateException("No " + options.jar() + ": build it first (deploy/bin/bench does)");
        }
        List<Result> results = new ArrayList<>();
        Path jfr = options.out().resolveSibling("bot.jfr");
        for (int chats : options.chats()) {
            results.add(run(options, chats, options.jfr() && chats == options.chats().getLast() ? jfr : null));
        }
        printTable(results, options);
        Result largest = results.getLast();
        Map<String, Double> hotspots = options.jfr() && Files.exists(jfr)
                ? JfrHotspots.top(jfr, 15, largest.measuredFrom(), largest.measuredTo()) : Map.of();
        if (!hotspots.isEmpty()) {
            System.out.println("\nWhere the bot's CPU went while the largest run was measured (JFR execution samples, top frames):");
            hotspots.forEach((m, pct) -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", pct, m));
        }
        writeJson(results, options, hotspots);
        System.out.println("\nWrote " + options.out());
    }

    static Result run(Options options, int chats, Path jfr) throws Exception {
        Answer answer = Answer.ofTokens(options.tokens());
        int expected = chats * options.rounds();
        CountDownLatch done = new CountDownLatch(expected);
        AtomicIntegerArray rounds = new AtomicIntegerArray(chats + 1);
        BenchTelegramServer[] telegram = new BenchTelegramServer[1];
        LatencyTracker[] tracker = new LatencyTracker[1];
        tracker[0] = new LatencyTracker(answer, PRIVATE_PACE.toNanos(), DRAFT_PACE.toNanos(), chatId -> {
            done.countDown();
            int round = rounds.incrementAndGet((int) chatId);
            if (round < options.rounds()) {
                tracker[0].asked(chatId, System.nanoTime());
                telegram[0].privateText(chatId, "bench " + chatId + " " + round);
            }
        });
        String prefix = TestRedis.newPrefix();
        try (BenchLlmServer llm = new BenchLlmServer(answer, options.rate(), tracker[0]);
             BenchTelegramServer tg = new BenchTelegramServer(TOKEN, tracker[0])) {
            telegram[0] = tg;
            Map<String, String> props = new LinkedHashMap<>();
            props.put("bot.telegram.token", TOKEN);
            props.put("bot.telegram.api-url", tg.apiUrl());
            props.put("bot.telegram.poll-timeout-seconds", "5");
            props.put("bot.telegram.private-edit-interval", PRIVATE_PACE.toMillis() + "ms");
            props.put("bot.telegram.draft-interval", DRAFT_PACE.toMillis() + "ms");
            props.put("bot.telegram.messages-per-second", Integer.toString(BOT_WIDE_MESSAGES_PER_SECOND));
            props.put("openai.api-key", "sk-bench");
            props.put("openai.base-url", llm.baseUrl());
            props.put("bot.redis.url", TestRedis.url());
            props.put("bot.redis.key-prefix", prefix);
            props.put("logging.level.dev.chatbot.core.engine", "WARN");
            // BENCH_BOT_JAVA_OPTS measures the bot as deploy/bin/run starts it (e.g. its default options);
            // unset, the bot gets the large G1 heap the earlier figures were taken with
            String botOptions = System.getenv().getOrDefault("BENCH_BOT_JAVA_OPTS", "-Xms512m -Xmx2g -XX:+UseG1GC");
            List<String> jvm = new ArrayList<>(botOptions.isBlank() ? List.of() : List.of(botOptions.strip().split("\\s+")));
            if (jfr != null) {
                jvm.add("-XX:StartFlightRecording=filename=" + jfr.toAbsolutePath() + ",settings=profile,dumponexit=true");
            }
            Path log = options.out().resolveSibling("bot-" + chats + ".log");
            try (BotProcess bot = BotProcess.start(options.jar(), props, jvm, log)) {
                awaitReady(bot, tg, log);
                // warm the JIT and the connections with a few answers that are not measured
                warmUp(bot, tg);
                Map<String, Double> before = bot.metrics();
                Duration cpuBefore = bot.cpuTime();
                long callsBefore = telegramCalls(tg);
                double heapBefore = BotProcess.sum(before, "jvm_memory_used_bytes{area=\"heap\"");

                Instant measuredFrom = Instant.now();
                long start = System.nanoTime();
                for (long chat = 1; chat <= chats; chat++) {
                    tracker[0].asked(chat, System.nanoTime());
                    tg.privateText(chat, "bench " + chat + " 0");
                }
                double heapPeak = heapBefore;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60L + (long) (options.rounds() * options.tokens() / options.rate() * 4));
                while (!done.await(1, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
                    heapPeak = Math.max(heapPeak, BotProcess.sum(bot.metrics(), "jvm_memory_used_bytes{area=\"heap\""));
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                int answered = expected - (int) done.getCount();

                // a turn ends (history saved, quota settled) just after its final message shows: let the last ones end
                Map<String, Double> after = bot.metrics();
                long settleDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (turnsBetween(before, after) < answered && System.nanoTime() < settleDeadline) {
                    Thread.sleep(100);
                    after = bot.metrics();
                }
                double cpuMs = bot.cpuTime().minus(cpuBefore).toNanos() / 1e6;
                double allocated = after.getOrDefault("chatbot_jvm_allocated_bytes", 0.0) - before.getOrDefault("chatbot_jvm_allocated_bytes", 0.0);
                double roundTrips = after.getOrDefault("chatbot_redis_round_trips_total", 0.0) - before.getOrDefault("chatbot_redis_round_trips_total", 0.0);
                double turns = turnsBetween(before, after);
                long calls = telegramCalls(tg) - callsBefore;
                long errors = tg.errors() + llm.broken() + tracker[0].wrongTexts() + (expected - answered)
                        + problemsLogged(log);
                int n = Math.max(1, answered);
                return new Result(chats, answered, expected, seconds, answered / seconds,
                        tracker[0].timeToFirstText().percentileMillis(50), tracker[0].timeToFirstText().percentileMillis(99),
                        tracker[0].addedLatency().percentileMillis(50), tracker[0].addedLatency().percentileMillis(99),
                        cpuMs / n, allocated / 1024 / n, Math.max(0, heapPeak - heapBefore) / 1024 / chats,
                        turns == 0 ? Double.NaN : roundTrips / turns, (double) calls / n, errors,
                        bot.peakRssBytes() / 1024.0 / 1024, measuredFrom, Instant.now());
            }
        } finally {
            TestRedis.deleteKeys(prefix);
        }
    }

    private static double turnsBetween(Map<String, Double> before, Map<String, Double> after) {
        return after.getOrDefault("chatbot_turns_total", 0.0) - before.getOrDefault("chatbot_turns_total", 0.0);
    }

    /** Lines where the bot reported an error or a failed answer. */
    private static long problemsLogged(Path log) throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(" ERROR ") || l.contains("Answer failed") || l.contains("Giving up")).count();
        }
    }

    /** Calls that show or animate text; polling is not part of an answer's cost. */
    private static long telegramCalls(BenchTelegramServer tg) {
        return tg.calls("sendmessage") + tg.calls("editmessagetext") + tg.calls("sendmessagedraft") + tg.calls("sendchataction");
    }

    private static void awaitReady(BotProcess bot, BenchTelegramServer tg, Path log) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!(tg.hasBeenPolled() && bot.isHealthy())) {
            if (!bot.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("The bot did not start; its log:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    private static void warmUp(BotProcess bot, BenchTelegramServer tg) throws InterruptedException {
        // chat ids far above the measured ones; their answers are not waited for one by one
        for (long chat = 1_000_000; chat < 1_000_020; chat++) {
            tg.privateText(chat, "bench " + chat + " warm");
        }
        Thread.sleep(5_000);
    }

    static void printTable(List<Result> results, Options o) {
        System.out.printf(Locale.ROOT, "%nBot benchmark: %d-token answers at %.0f tokens/s, %d questions per chat, private chats (drafts every %d ms, messages every %d ms, bot-wide budget lifted)%n",
                o.tokens(), o.rate(), o.rounds(), DRAFT_PACE.toMillis(), PRIVATE_PACE.toMillis());
        System.out.println(Machine.describe());
        String header = String.format(Locale.ROOT, "%6s %9s %8s %15s %15s %9s %10s %9s %9s %9s %6s %8s",
                "chats", "answered", "ans/s", "1st text p50/99", "added p50/p99", "cpu ms/a", "alloc KB/a", "heap KB/s", "redis RT", "tg calls", "errors", "peak RSS");
        System.out.println(header);
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%6d %4d/%-4d %8.1f %7.0f/%-7.0f %7.1f/%-7.1f %9.2f %10.1f %9.1f %9.2f %9.1f %6d %6.0fMB%n",
                    r.chats(), r.answers(), r.expected(), r.answersPerSecond(), r.firstTextP50(), r.firstTextP99(),
                    r.addedP50(), r.addedP99(), r.cpuMsPerAnswer(), r.allocatedKbPerAnswer(), r.heapKbPerStream(),
                    r.redisRoundTripsPerTurn(), r.telegramCallsPerAnswer(), r.errors(), r.peakRssMb());
        }
        System.out.println("(times in ms; added = delay the bot adds between a token leaving the model and a Telegram call "
                + "showing it, beyond what pacing holds back; redis RT = sequential Redis round trips per turn; "
                + "tg calls = sends, edits, drafts and typing actions per answer)");
    }

    static void writeJson(List<Result> results, Options o, Map<String, Double> hotspots) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode root = json.createObjectNode();
        root.put("date", Instant.now().toString());
        root.put("machine", Machine.describe());
        root.put("tokensPerAnswer", o.tokens());
        root.put("tokensPerSecond", o.rate());
        root.put("questionsPerChat", o.rounds());
        root.put("privatePaceMs", PRIVATE_PACE.toMillis());
        root.put("draftPaceMs", DRAFT_PACE.toMillis());
        root.put("botWideMessagesPerSecond", BOT_WIDE_MESSAGES_PER_SECOND);
        ArrayNode runs = root.putArray("runs");
        for (Result r : results) {
            runs.add(json.valueToTree(r));
        }
        ObjectNode hot = root.putObject("cpuHotspotsPercent");
        hotspots.forEach(hot::put);
        Files.createDirectories(o.out().toAbsolutePath().getParent());
        Files.writeString(o.out(), json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }
}
