package dev.chatbot.app;

import dev.chatbot.core.engine.TurnObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the benchmark and an operator read from /actuator/prometheus besides the JVM's own metrics. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    TurnObserver turnObserver(MeterRegistry registry) {
        Counter roundTrips = Counter.builder("chatbot.redis.round.trips")
                .description("Sequential Redis round trips turns waited for").register(registry);
        Counter turns = Counter.builder("chatbot.turns").description("Turns ended").register(registry);
        return new TurnObserver() {
            @Override
            public void storageRoundTrip() {
                roundTrips.increment();
            }

            @Override
            public void turnEnded() {
                turns.increment();
            }
        };
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
