package dev.chatbot.core.llm;

import java.time.Duration;

/**
 * Why a provider could not answer. The engine picks the user's message by type, so every
 * adapter maps its wire errors onto these.
 */
public abstract sealed class LlmException extends RuntimeException {

    private final String provider;

    LlmException(String provider, String message, Throwable cause) {
        super(message, cause);
        this.provider = provider;
    }

    public String provider() {
        return provider;
    }

    /** Whether trying again later may help. */
    public abstract boolean isRetryable();

    public static final class RateLimited extends LlmException {
        private final Duration retryAfter;

        public RateLimited(String provider, String message, Duration retryAfter) {
            super(provider, message, null);
            this.retryAfter = retryAfter;
        }

        /** null when the provider gave no hint */
        public Duration retryAfter() {
            return retryAfter;
        }

        @Override
        public boolean isRetryable() {
            return true;
        }
    }

    public static final class AuthFailed extends LlmException {
        public AuthFailed(String provider, String message) {
            super(provider, message, null);
        }

        @Override
        public boolean isRetryable() {
            return false;
        }
    }

    public static final class ModelNotFound extends LlmException {
        public ModelNotFound(String provider, String message) {
            super(provider, message, null);
        }

        @Override
        public boolean isRetryable() {
            return false;
        }
    }

    /**
     * The provider's URL itself does not exist (a 404 that names no model): its base URL is wrong,
     * e.g. OPENAI_BASE_URL without its /v1. Only the admin can fix it.
     */
    public static final class Misconfigured extends LlmException {
        public Misconfigured(String provider, String message) {
            super(provider, message, null);
        }

        @Override
        public boolean isRetryable() {
            return false;
        }
    }

    public static final class ContextTooLong extends LlmException {
        public ContextTooLong(String provider, String message) {
            super(provider, message, null);
        }

        @Override
        public boolean isRetryable() {
            return false;
        }
    }

    /** The provider understood but refused the request (a 400 that is none of the above). */
    public static final class Rejected extends LlmException {
        public Rejected(String provider, String message) {
            super(provider, message, null);
        }

        @Override
        public boolean isRetryable() {
            return false;
        }
    }

    public static final class Timeout extends LlmException {
        public Timeout(String provider, String message) {
            super(provider, message, null);
        }

        @Override
        public boolean isRetryable() {
            return true;
        }
    }

    /** Connection refused, 5xx, overloaded: the provider is down for now. */
    public static final class Unavailable extends LlmException {
        public Unavailable(String provider, String message, Throwable cause) {
            super(provider, message, cause);
        }

        @Override
        public boolean isRetryable() {
            return true;
        }
    }

    /** The stream broke after it had started; what arrived so far is all there is. */
    public static final class Interrupted extends LlmException {
        public Interrupted(String provider, String message, Throwable cause) {
            super(provider, message, cause);
        }

        @Override
        public boolean isRetryable() {
            return false;
        }
    }
}
