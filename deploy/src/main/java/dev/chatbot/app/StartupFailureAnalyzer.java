package dev.chatbot.app;

import dev.chatbot.core.redis.RedisUnavailableException;
import dev.chatbot.telegram.TelegramStartupException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/** Turns the start-up failures an operator can fix into a short description and action. */
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
            if (t instanceof TelegramStartupException e) {
                return new FailureAnalysis(e.getMessage(),
                        "Check BOT_TELEGRAM_TOKEN (from @BotFather) and BOT_TELEGRAM_API_URL.", e);
            }
        }
        return null;
    }
}
