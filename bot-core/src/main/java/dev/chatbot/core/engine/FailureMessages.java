package dev.chatbot.core.engine;

import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.llm.LlmException;

/** The one short message a user sees for each way a provider can fail. */
final class FailureMessages {

    private final Texts texts;

    FailureMessages(Texts texts) {
        this.texts = texts;
    }

    String describe(LlmException error, String model, String language) {
        String p = error.provider();
        return switch (error) {
            case LlmException.RateLimited r -> texts.get(language, "error.rate.limited", p,
                    r.retryAfter() == null ? "" : texts.get(language, "error.rate.limited.in",
                            Math.max(1, (r.retryAfter().toMillis() + 999) / 1000)));
            case LlmException.AuthFailed a -> texts.get(language, "error.auth", p);
            case LlmException.ModelNotFound n -> texts.get(language, "error.model.not.found", p, model);
            case LlmException.Misconfigured m -> texts.get(language, "error.misconfigured", p);
            case LlmException.ContextTooLong c -> texts.get(language, "error.context.too.long");
            case LlmException.Rejected r -> texts.get(language, "error.rejected", p);
            case LlmException.Timeout t -> texts.get(language, "error.timeout", p);
            case LlmException.Unavailable u -> texts.get(language, "error.unavailable", p);
            case LlmException.Interrupted i -> texts.get(language, "error.interrupted", p);
        };
    }
}
