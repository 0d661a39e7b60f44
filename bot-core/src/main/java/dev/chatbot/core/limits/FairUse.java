package dev.chatbot.core.limits;

import dev.chatbot.core.llm.ModelInfo;
import dev.chatbot.core.llm.Usage;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What the engine asks about fair use: who may talk to the bot, and how much. */
public interface FairUse {

    /** No access list and no limits: everyone is served, nothing is counted. */
    FairUse OPEN = new FairUse() {
        @Override
        public void noticeSender(String platform, String userId, String username) {
        }

        @Override
        public boolean admits(String sender, String chat) {
            return true;
        }

        @Override
        public QuotaTurn begin(String user, String language) {
            return new QuotaTurn() {
                @Override
                public Optional<String> reserve(ModelInfo model, int promptTokens) {
                    return Optional.empty();
                }

                @Override
                public CompletableFuture<Optional<String>> settle(Usage usage) {
                    return CompletableFuture.completedFuture(Optional.empty());
                }

                @Override
                public boolean reservesInStorage() {
                    return false;
                }
            };
        }
    };

    /** Notes who wrote, so admins can name users by @username; never waits for storage. */
    void noticeSender(String platform, String userId, String username);

    /** Whether the access list lets this sender, or this chat, use the bot. */
    boolean admits(String sender, String chat);

    /**
     * Starts a turn of {@code user} ("platform:userId"). Issues its first read at once, so call it
     * together with the turn's other reads.
     */
    QuotaTurn begin(String user, String language);
}
