package dev.chatbot.core.engine;

import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.llm.LlmException;

/**
 * The notes the engine writes at the end of an answer that did not end well: what the user sees
 * (a failure's reason after ⚠️, the stopped mark) and what history keeps so the model knows the
 * answer was cut short. The one place for their wording and symbols; reply shapes add nothing.
 */
final class EndNotes {

    static final String FAILURE_SYMBOL = "\u26a0\ufe0f";
    /** Kept in history after a partial answer. */
    static final String STOPPED_NOTE = "[answer stopped by the user]";
    static final String INTERRUPTED_NOTE = "[answer interrupted]";

    private final Texts texts;

    EndNotes(Texts texts) {
        this.texts = texts;
    }

    /** The answer as the user sees it after /stop. */
    String stopped(String text, String language) {
        return append(text, texts.get(language, "stopped.mark"));
    }

    /** The answer as the user sees it after a failure: what came, then why the rest did not. */
    String failed(String text, String reason) {
        return text.isBlank() ? reason : text + "\n\n" + FAILURE_SYMBOL + " " + reason;
    }

    /** The answer as history keeps it after /stop; empty when nothing came. */
    String stoppedInHistory(String text) {
        return text.isBlank() ? "" : append(text, STOPPED_NOTE);
    }

    /** The answer as history keeps it after a failure; empty when nothing came. */
    String interruptedInHistory(String text) {
        return text.isBlank() ? "" : append(text, INTERRUPTED_NOTE);
    }

    /** The one short reason a user sees for each way a provider can fail. */
    String reason(LlmException error, String model, String language) {
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

    private static String append(String text, String note) {
        return text.isBlank() ? note : text + "\n\n" + note;
    }
}
