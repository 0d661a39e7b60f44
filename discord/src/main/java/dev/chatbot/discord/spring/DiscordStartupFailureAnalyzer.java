package dev.chatbot.discord.spring;

import dev.chatbot.discord.DiscordStartupException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A refused token, an unreachable Discord or a setting Discord cannot use stops the app with what to check. */
class DiscordStartupFailureAnalyzer extends AbstractFailureAnalyzer<DiscordStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DiscordStartupException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
