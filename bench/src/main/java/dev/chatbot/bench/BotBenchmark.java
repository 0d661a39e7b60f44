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
 * Starts the packaged bot against a fake Telegram and a fake OpenAI on loopback; a warm-up wave of
 * chats asks and is answered first, then a measured wave of N private chats asks at once, each
 * asking {@code rounds} questions in a row; every answer is {@code tokens} tokens {@code gap} ms
 * apart. Prints a table and writes JSON.
 *
 * <p>Usage: BotBenchmark [--chats 1,300] [--tokens 42] [--gap 50 | --rate 20] [--rounds 1]
 * [--warmup N (default: as many chats as measured)] [--budget off|on]
 * [--jar deploy/target/chatbot.jar] [--out bench/results/latest.json] [--jfr]
 */
public final class BotBenchmark {

    static final String TOKEN = "424242:BENCH_token";
    static final Duration PRIVATE_PACE = Duration.ofSeconds(1);
    static final Duration DRAFT_PACE = Duration.ofMillis(500);
    /** With the budget off, the bot-wide budget is lifted so the figures show the bot's own cost, not Telegram's 30 messages a second. */
    static final int BOT_WIDE_MESSAGES_PER_SECOND = 100_000;
    /** Warm-up chats have ids from here on, apart from the measured ones. */
    static final long WARM_UP_CHATS = 1_000_000;
    /** The bot's JVM options unless BENCH_BOT_JAVA_OPTS says otherwise: deploy/bin/run's defaults. */
    static final String DEFAULT_BOT_JAVA_OPTS = "-XX:+UseSerialGC -Xms32m -Xmx256m -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=128m";

    record Options(List<Integer> chats, int tokens, double rate, int rounds, int warmUp, boolean budget,
                   Path jar, Path out, boolean jfr) {

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
            for (String s : a.getOrDefault("chats", "1,300").split(",")) {
                chats.add(Integer.parseInt(s.strip()));
            }
            double rate = a.containsKey("gap") ? 1000.0 / Double.parseDouble(a.get("gap"))
                    : Double.parseDouble(a.getOrDefault("rate", "20"));
            String budget = a.getOrDefault("budget", "off");
            if (!budget.equals("on") && !budget.equals("off")) {
                throw new IllegalArgumentException("--budget is on or off, not " + budget);
            }
            return new Options(chats, Integer.parseInt(a.getOrDefault("tokens", "42")), rate,
                    Integer.parseInt(a.getOrDefault("rounds", "1")), Integer.parseInt(a.getOrDefault("warmup", "-1")),
                    budget.equals("on"), Path.of(a.getOrDefault("jar", "deploy/target/chatbot.jar")),
                    Path.of(a.getOrDefault("out", "bench/results/latest.json")), a.containsKey("jfr"));
        }

        /** Chats in the warm-up wave before a measured wave of {@code chats}. */
        int warmUpChats(int chats) {
            return warmUp < 0 ? chats : warmUp;
        }
    }

    record Result(int chats, int answers, int expected, double seconds, double answersPerSecond,
                  double firstTextP50, double firstTextP99, double wholeAnswerP50, double wholeAnswerP99,
                  double addedP50, double addedP99,
                  double cpuMsPerAnswer, double allocatedKbPerAnswer,
                  double redisRoundTripsPerTurn, double telegramCallsPerAnswer, long errors,
                  double peakRssMb, double startupSeconds, double harnessCpuMsPerAnswer,
                  Map<String, Double> cpuMsPerAnswerByGroup, Instant measuredFrom, Instant measuredTo) {

        Result withCpuByGroup(Map<String, Double> byGroup) {
            return new Result(chats, answers, expected, seconds, answersPerSecond, firstTextP50, firstTextP99,
                    wholeAnswerP50, wholeAnswerP99, addedP50, addedP99, cpuMsPerAnswer, allocatedKbPerAnswer,
                    redisRoundTripsPerTurn, telegramCallsPerAnswer, errors, peakRssMb, startupSeconds,
                    harnessCpuMsPerAnswer, byGroup, measuredFrom, measuredTo);
        }
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
        Result largest = results.getLast();
        JfrProfile profile = options.jfr() && Files.exists(jfr)
                ? JfrProfile.read(jfr, 15, largest.measuredFrom(), largest.measuredTo()) : JfrProfile.NONE;
        // Linux sees virtual threads only as their carriers: JFR's samples tell which group ran on them
        results.set(results.size() - 1, largest.withCpuByGroup(profile.splitCarriers(largest.cpuMsPerAnswerByGroup())));
        printTable(results, options);
        if (!profile.hotspots().isEmpty()) {
            System.out.printf(Locale.ROOT, "%nGC while the largest run was measured (JFR): %d collections, %d ms paused in all, longest %d ms%n",
                    profile.gcCount(), profile.gcPauses().toMillis(), profile.longestGcPause().toMillis());
            System.out.println("Where the bot's CPU went while the largest run was measured (JFR execution samples, top frames):");
            profile.hotspots().forEach((m, pct) -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", pct, m));
        }
        writeJson(results, options, profile);
        System.out.println("\nWrote " + options.out());
    }

    static Result run(Options options, int chats, Path jfr) throws Exception {
        Answer answer = Answer.ofTokens(options.tokens());
        int expected = chats * options.rounds();
        int warmUpChats = options.warmUpChats(chats);
        CountDownLatch done = new CountDownLatch(expected);
        CountDownLatch warmUpDone = new CountDownLatch(warmUpChats);
        AtomicIntegerArray rounds = new AtomicIntegerArray(chats + 1);
        BenchTelegramServer[] telegram = new BenchTelegramServer[1];
        LatencyTracker[] tracker = new LatencyTracker[1];
        tracker[0] = new LatencyTracker(answer, PRIVATE_PACE.toNanos(), DRAFT_PACE.toNanos(), chatId -> {
            if (chatId >= WARM_UP_CHATS) {
                warmUpDone.countDown();
                return;
            }
            done.countDown();
            int round = rounds.incrementAndGet((int) chatId);
            if (round < options.rounds()) {
                tracker[0].asked(chatId, System.nanoTime());
                telegram[0].privateText(chatId, "bench " + chatId + " " + round);
            }
        });
        String prefix = TestRedis.newPrefix();
        long waveSeconds = 60L + (long) (options.rounds() * options.tokens() / options.rate() * 4);
        try (BenchLlmServer llm = new BenchLlmServer(answer, options.rate(), tracker[0]);
             BenchTelegramServer tg = new BenchTelegramServer(TOKEN, tracker[0])) {
            telegram[0] = tg;
            Map<String, String> props = new LinkedHashMap<>();
            props.put("bot.telegram.token", TOKEN);
            props.put("bot.telegram.api-url", tg.apiUrl());
            props.put("bot.telegram.poll-timeout-seconds", "5");
            props.put("bot.telegram.private-edit-interval", PRIVATE_PACE.toMillis() + "ms");
            props.put("bot.telegram.draft-interval", DRAFT_PACE.toMillis() + "ms");
            if (!options.budget()) {
                props.put("bot.telegram.messages-per-second", Integer.toString(BOT_WIDE_MESSAGES_PER_SECOND));
            }
            props.put("openai.api-key", "sk-bench");
            props.put("openai.base-url", llm.baseUrl());
            props.put("bot.redis.url", TestRedis.url());
            props.put("bot.redis.key-prefix", prefix);
            props.put("logging.level.dev.chatbot.core.engine", "WARN");
            // BENCH_BOT_JAVA_OPTS measures the bot with other JVM options; unset, as deploy/bin/run starts it
            String botOptions = System.getenv().getOrDefault("BENCH_BOT_JAVA_OPTS", DEFAULT_BOT_JAVA_OPTS);
            List<String> jvm = new ArrayList<>(botOptions.isBlank() ? List.of() : List.of(botOptions.strip().split("\\s+")));
            if (jfr != null) {
                jvm.add("-XX:StartFlightRecording=filename=" + jfr.toAbsolutePath() + ",settings=profile,dumponexit=true");
            }
            Path log = options.out().resolveSibling("bot-" + chats + ".log");
            try (BotProcess bot = BotProcess.start(options.jar(), props, jvm, log)) {
                awaitReady(bot, tg, log);
                double startupSeconds = (tg.firstPollNanos() - bot.startedNanos()) / 1e9;
                // a wave that is not measured warms the JIT, the connections and the pools
                for (long chat = WARM_UP_CHATS; chat < WARM_UP_CHATS + warmUpChats; chat++) {
                    tracker[0].asked(chat, System.nanoTime());
                    tg.privateText(chat, "bench " + chat + " warm");
                }
                if (!warmUpDone.await(waveSeconds, TimeUnit.SECONDS)) {
                    System.err.printf("warm-up: %d of %d chats not answered in time%n", warmUpDone.getCount(), warmUpChats);
                }
                Map<String, Double> before = bot.metrics();
                long settleDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (turnsBetween(Map.of(), before) < warmUpChats && System.nanoTime() < settleDeadline) {
                    Thread.sleep(100);
                    before = bot.metrics();
                }
                tracker[0].clearLatencies();

                ThreadCpu threads = new ThreadCpu(bot.pid());
                threads.start();
                Duration cpuBefore = bot.cpuTime();
                double harnessBefore = ThreadCpu.processMillis(ProcessHandle.current().pid());
                long callsBefore = telegramCalls(tg);

                Instant measuredFrom = Instant.now();
                long start = System.nanoTime();
                for (long chat = 1; chat <= chats; chat++) {
                    tracker[0].asked(chat, System.nanoTime());
                    tg.privateText(chat, "bench " + chat + " 0");
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waveSeconds);
                // no metrics scrape while the wave runs: a scrape's CPU would count as the answers'
                while (!done.await(1, TimeUnit.SECONDS) && System.nanoTime() < deadline) {
                    threads.sample();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                int answered = expected - (int) done.getCount();

                // a turn ends (history saved, quota settled) just after its final message shows: let the last ones end
                Map<String, Double> after = bot.metrics();
                settleDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (turnsBetween(before, after) < answered && System.nanoTime() < settleDeadline) {
                    Thread.sleep(100);
                    after = bot.metrics();
                }
                threads.sample();
                if (Boolean.getBoolean("bench.debug")) {
                    threads.millisByName().forEach((name, ms) -> System.err.printf(Locale.ROOT, "thread %-16s %8.0f ms%n", name, ms));
                }
                double cpuMs = bot.cpuTime().minus(cpuBefore).toNanos() / 1e6;
                double harnessMs = ThreadCpu.processMillis(ProcessHandle.current().pid()) - harnessBefore;
                double allocated = metric(after, "chatbot_jvm_allocated_bytes") - metric(before, "chatbot_jvm_allocated_bytes");
                double roundTrips = metric(after, "chatbot_redis_round_trips_total") - metric(before, "chatbot_redis_round_trips_total");
                double turns = turnsBetween(before, after);
                long calls = telegramCalls(tg) - callsBefore;
                long errors = tg.errors() + llm.broken() + tracker[0].wrongTexts() + (expected - answered)
                        + problemsLogged(log);
                int n = Math.max(1, answered);
                Map<String, Double> byGroup = new LinkedHashMap<>();
                threads.millisByGroup().forEach((group, ms) -> byGroup.put(group, ms / n));
                // threads born and gone between two samples: the rest of the process's total
                double attributed = byGroup.values().stream().mapToDouble(Double::doubleValue).sum();
                byGroup.merge(ThreadGroups.OTHER, Math.max(0, cpuMs / n - attributed), Double::sum);
                return new Result(chats, answered, expected, seconds, answered / seconds,
                        tracker[0].timeToFirstText().percentileMillis(50), tracker[0].timeToFirstText().percentileMillis(99),
                        tracker[0].wholeAnswer().percentileMillis(50), tracker[0].wholeAnswer().percentileMillis(99),
                        tracker[0].addedLatency().percentileMillis(50), tracker[0].addedLatency().percentileMillis(99),
                        cpuMs / n, allocated / 1024 / n,
                        turns == 0 ? Double.NaN : roundTrips / turns, (double) calls / n, errors,
                        bot.peakRssBytes() / 1024.0 / 1024, startupSeconds, harnessMs / n, byGroup,
                        measuredFrom, Instant.now());
            }
        } finally {
            TestRedis.deleteKeys(prefix);
        }
    }

    private static double turnsBetween(Map<String, Double> before, Map<String, Double> after) {
        return metric(after, "chatbot_turns_total") - metric(before, "chatbot_turns_total");
    }

    /** A metric summed over its labels (the bot labels them with its replica). */
    private static double metric(Map<String, Double> metrics, String name) {
        return metrics.entrySet().stream().filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .mapToDouble(Map.Entry::getValue).sum();
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

    static void printTable(List<Result> results, Options o) {
        System.out.printf(Locale.ROOT, "%nBot benchmark: %d-token answers %.0f ms apart, %d question(s) per chat, after a warm-up wave, "
                        + "private chats (drafts every %d ms, messages every %d ms, bot-wide budget %s)%n",
                o.tokens(), 1000 / o.rate(), o.rounds(), DRAFT_PACE.toMillis(), PRIVATE_PACE.toMillis(), o.budget() ? "on" : "lifted");
        System.out.println(Machine.describe());
        System.out.println("bot JVM: " + System.getenv().getOrDefault("BENCH_BOT_JAVA_OPTS", DEFAULT_BOT_JAVA_OPTS));
        String header = String.format(Locale.ROOT, "%6s %9s %8s %15s %15s %15s %9s %10s %9s %9s %6s %8s %7s %8s",
                "chats", "answered", "ans/s", "1st text p50/99", "whole p50/p99", "added p50/p99", "cpu ms/a", "alloc KB/a",
                "redis RT", "tg calls", "errors", "peak RSS", "start s", "fakes ms");
        System.out.println(header);
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%6d %4d/%-4d %8.1f %7.0f/%-7.0f %7.0f/%-7.0f %7.1f/%-7.1f %9.2f %10.1f %9.2f %9.1f %6d %6.0fMB %7.2f %8.2f%n",
                    r.chats(), r.answers(), r.expected(), r.answersPerSecond(), r.firstTextP50(), r.firstTextP99(),
                    r.wholeAnswerP50(), r.wholeAnswerP99(), r.addedP50(), r.addedP99(), r.cpuMsPerAnswer(),
                    r.allocatedKbPerAnswer(), r.redisRoundTripsPerTurn(), r.telegramCallsPerAnswer(),
                    r.errors(), r.peakRssMb(), r.startupSeconds(), r.harnessCpuMsPerAnswer());
        }
        System.out.println("(times in ms; whole = question to the final message with the whole answer; added = delay the bot adds "
                + "between a token leaving the model and a Telegram call showing it, beyond what pacing holds back; redis RT = "
                + "sequential Redis round trips per turn; tg calls = sends, edits, drafts and typing actions per answer; start s = "
                + "the bot's process start to its first getUpdates; fakes ms = the harness's own CPU (fake Telegram, fake model, "
                + "tracking) per answer, not part of cpu ms/a)");
        System.out.println("\nThe bot's CPU ms per answer by thread group (/proc per thread; virtual threads split by JFR samples when --jfr):");
        System.out.printf(Locale.ROOT, "%6s", "chats");
        ThreadGroups.ORDER.forEach(g -> System.out.printf(Locale.ROOT, " %16s", g));
        System.out.println();
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%6d", r.chats());
            ThreadGroups.ORDER.forEach(g -> System.out.printf(Locale.ROOT, " %16.2f", r.cpuMsPerAnswerByGroup().getOrDefault(g, 0.0)));
            System.out.println();
        }
    }

    static void writeJson(List<Result> results, Options o, JfrProfile profile) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode root = json.createObjectNode();
        root.put("date", Instant.now().toString());
        root.put("machine", Machine.describe());
        root.put("botJavaOptions", System.getenv().getOrDefault("BENCH_BOT_JAVA_OPTS", DEFAULT_BOT_JAVA_OPTS));
        root.put("tokensPerAnswer", o.tokens());
        root.put("tokensPerSecond", o.rate());
        root.put("questionsPerChat", o.rounds());
        root.put("privatePaceMs", PRIVATE_PACE.toMillis());
        root.put("draftPaceMs", DRAFT_PACE.toMillis());
        root.put("botWideBudget", o.budget());
        ArrayNode runs = root.putArray("runs");
        for (Result r : results) {
            runs.add(json.valueToTree(r));
        }
        ObjectNode gc = root.putObject("gcOfLargestRun");
        gc.put("collections", profile.gcCount());
        gc.put("pausedMs", profile.gcPauses().toMillis());
        gc.put("longestPauseMs", profile.longestGcPause().toMillis());
        ObjectNode hot = root.putObject("cpuHotspotsPercent");
        profile.hotspots().forEach(hot::put);
        Files.createDirectories(o.out().toAbsolutePath().getParent());
        Files.writeString(o.out(), json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }
}
