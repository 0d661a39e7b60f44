package dev.chatbot.telegram.spring;

import dev.chatbot.telegram.TelegramStartupException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A refused token, an unreachable Bot API or a setting Telegram cannot use stops the app with what to check. */
class TelegramStartupFailureAnalyzer extends AbstractFailureAnalyzer<TelegramStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, TelegramStartupException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
