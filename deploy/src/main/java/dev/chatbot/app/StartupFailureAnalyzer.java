package dev.chatbot.app;

import dev.chatbot.core.redis.RedisUnavailableException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns the start-up failures an operator can fix into a short description and action; each
 * platform module brings its own analyzer for its own failures.
 */
class StartupFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RedisUnavailableException e) {
                return new FailureAnalysis(e.getMessage(),
                        "Start Redis or fix BOT_REDIS_URL; leave BOT_REDIS_URL unset to use the embedded Redis.", e);
            }
            if (t instanceof BotConfigException e) {
                return new FailureAnalysis(e.getMessage(),
                        "Fix the provider environment variables or the BOT_CONFIG file; the README's "
                                + "\"Providers and models\" section documents both.", e);
            }
        }
        return null;
    }
}
