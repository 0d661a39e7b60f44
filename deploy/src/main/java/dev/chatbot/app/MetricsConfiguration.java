package dev.chatbot.app;

import dev.chatbot.core.engine.TurnObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the benchmark and an operator read from /actuator/prometheus besides the JVM's own metrics. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    /**
     * Every meter carries the replica's name (BOT_REPLICA_NAME, on Kubernetes the pod's) as the label
     * "replica", so a dashboard tells them apart.
     */
    @Bean
    io.micrometer.core.instrument.config.MeterFilter replicaTag(BotProperties bot) {
        return io.micrometer.core.instrument.config.MeterFilter.commonTags(
                io.micrometer.core.instrument.Tags.of("replica", bot.replica().name()));
    }

    @Bean
    TurnObserver turnObserver(MeterRegistry registry) {
        Counter roundTrips = Counter.builder("chatbot.redis.round.trips")
                .description("Sequential Redis round trips turns waited for").register(registry);
        Counter turns = Counter.builder("chatbot.turns").description("Turns ended").register(registry);
        Counter waits = Counter.builder("chatbot.turn.lock.waits")
                .description("Turns that waited for their chat: another replica's turn, or an earlier message").register(registry);
        Counter lost = Counter.builder("chatbot.turn.lock.takeovers")
                .description("Turns that ran past their lease and were taken over: their history is not written").register(registry);
        Counter refusals = Counter.builder("chatbot.quota.refusals").description("Turns refused by a user's limit")
                .register(registry);
        java.util.concurrent.atomic.AtomicInteger streaming = new java.util.concurrent.atomic.AtomicInteger();
        Gauge.builder("chatbot.streams.active", streaming, java.util.concurrent.atomic.AtomicInteger::get)
                .description("Answers streaming now").register(registry);
        Timer firstToken = Timer.builder("chatbot.first.token").description("Time from the turn's model call to its first token")
                .publishPercentileHistogram().register(registry);
        Timer firstVisible = Timer.builder("chatbot.first.visible.text")
                .description("Time from the turn's model call to the answer's text first shown on the platform")
                .publishPercentileHistogram().register(registry);
        return new TurnObserver() {
            @Override
            public void storageRoundTrip() {
                roundTrips.increment();
            }

            @Override
            public void turnEnded() {
                turns.increment();
            }

            @Override
            public void turnWaited() {
                waits.increment();
            }

            @Override
            public void turnLockLost() {
                lost.increment();
            }

            @Override
            public void quotaRefused() {
                refusals.increment();
            }

            @Override
            public void streaming(int change) {
                streaming.addAndGet(change);
            }

            @Override
            public void firstToken(java.time.Duration after) {
                firstToken.record(after);
            }

            @Override
            public void firstVisibleText(java.time.Duration after) {
                firstVisible.record(after);
            }

            @Override
            public void answered(String model, long inputTokens, long outputTokens, String error) {
                Counter.builder("chatbot.answers").description("Answers ended, by model and outcome")
                        .tags("model", model, "outcome", error == null ? "ok" : "failed").register(registry).increment();
                Counter.builder("chatbot.tokens").description("Tokens per model and direction").baseUnit("tokens")
                        .tags("model", model, "direction", "in").register(registry).increment(inputTokens);
                Counter.builder("chatbot.tokens").description("Tokens per model and direction").baseUnit("tokens")
                        .tags("model", model, "direction", "out").register(registry).increment(outputTokens);
                if (error != null) {
                    Counter.builder("chatbot.provider.errors").description("Answers a provider failed, by error")
                            .tags("model", model, "error", error).register(registry).increment();
                }
            }
        };
    }

    /** The platforms' rate-limit answers, by platform; every platform's counter exists from the start. */
    @Bean
    dev.chatbot.core.reply.PlatformRateLimits platformRateLimits(MeterRegistry registry) {
        java.util.Map<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.function.Function<String, Counter> counter = platform -> Counter.builder("chatbot.platform.rate.limited")
                .description("Rate-limit answers from a platform (HTTP 429, WeChat's out-of-limit codes)")
                .tag("platform", platform).register(registry);
        for (String platform : java.util.List.of("telegram", "discord", "wechat", "wecom")) {
            counters.put(platform, counter.apply(platform));
        }
        return platform -> counters.computeIfAbsent(platform, counter).increment();
    }

    /** Heap bytes allocated by all threads since start: the cost per answer that GC metrics only hint at. */
    @Bean
    Gauge allocatedBytes(MeterRegistry registry) {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (threads instanceof com.sun.management.ThreadMXBean hotspot && hotspot.isThreadAllocatedMemorySupported()) {
            return Gauge.builder("chatbot.jvm.allocated", hotspot, com.sun.management.ThreadMXBean::getTotalThreadAllocatedBytes)
                    .baseUnit("bytes").register(registry);
        }
        return Gauge.builder("chatbot.jvm.allocated", () -> -1).baseUnit("bytes").register(registry);
    }
}
