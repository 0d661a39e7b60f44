package dev.chatbot.telegram.spring;

import dev.chatbot.telegram.TelegramStartupException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A refused token or an unreachable Bot API stops the app with what to check. */
class TelegramStartupFailureAnalyzer extends AbstractFailureAnalyzer<TelegramStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, TelegramStartupException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Check BOT_TELEGRAM_TOKEN (from @BotFather) and BOT_TELEGRAM_API_URL.", cause);
    }
}
