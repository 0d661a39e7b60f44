package dev.chatbot.core.llm.resilience;

import java.time.Duration;

/**
 * How hard to try a provider before giving up.
 *
 * @param maxAttempts        calls per answer, the first one included
 * @param initialBackoff     wait before the first retry; doubles each time, with jitter
 * @param maxBackoff         longest wait between attempts, also the longest Retry-After honoured
 *                           (a longer one is reported to the user instead of waited out)
 * @param firstTokenTimeout  longest wait for the first piece of the answer
 * @param idleTimeout        longest silence in the middle of an answer
 * @param failureRateThreshold percentage of failed calls that opens a provider's circuit
 * @param minimumCalls       calls seen before the failure rate counts
 * @param openDuration       how long an open circuit skips the provider before trying it again
 */
public record ResilienceSettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                                 Duration firstTokenTimeout, Duration idleTimeout,
                                 int failureRateThreshold, int minimumCalls, Duration openDuration) {

    public static ResilienceSettings defaults() {
        return new ResilienceSettings(3, Duration.ofMillis(500), Duration.ofSeconds(20),
                Duration.ofSeconds(60), Duration.ofSeconds(60), 50, 10, Duration.ofSeconds(30));
    }
}
