package dev.chatbot.core.llm.http;

import dev.chatbot.core.llm.LlmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns an HTTP error status of any provider into the typed {@link LlmException}. */
public final class HttpErrorMapper {

    /** Gemini puts its hint in the body: RetryInfo's "retryDelay": "26s". */
    private static final Pattern RETRY_DELAY = Pattern.compile("\"retryDelay\"\\s*:\\s*\"(\\d+(?:\\.\\d+)?)s\"");

    private HttpErrorMapper() {
    }

    public static LlmException map(String provider, int status, ResponseHeaders headers, String body) {
        String detail = "HTTP " + status + summary(body);
        String lower = body == null ? "" : body.toLowerCase(Locale.ROOT);
        // Gemini answers a wrong key with 400 INVALID_ARGUMENT
        if (status == 401 || status == 403 || lower.contains("api_key_invalid")) {
            return new LlmException.AuthFailed(provider, detail);
        }
        if (status == 404 && isMissingEndpoint(lower)) {
            return new LlmException.Misconfigured(provider, detail);
        }
        if (status == 404) {
            return new LlmException.ModelNotFound(provider, detail);
        }
        if (status == 429 && !lower.contains("insufficient_quota")) {
            return new LlmException.RateLimited(provider, detail,
                    retryAfter(headers).or(() -> retryDelay(body)).orElse(null));
        }
        if (status == 429 || lower.contains("credit balance is too low")) {
            // out of money rather than too fast: waiting will not help, the admin must
            return new LlmException.AuthFailed(provider, detail);
        }
        if (isContextTooLong(lower)) {
            return new LlmException.ContextTooLong(provider, detail);
        }
        if (status == 408) {
            return new LlmException.Timeout(provider, detail);
        }
        if (status >= 500) {
            return new LlmException.Unavailable(provider, detail, null);
        }
        return new LlmException.Rejected(provider, detail);
    }

    /**
     * An error reported inside a stream that had started with 200: OpenAI's and OpenRouter's
     * {"error":...} chunk, Anthropic's error event, Gemini's trailing error object.
     *
     * @param code  the provider's code or type, e.g. "overloaded_error", "429", "RESOURCE_EXHAUSTED"
     * @param shown whether answer text already reached the user
     */
    public static LlmException midStream(String provider, String code, String message, boolean shown) {
        String detail = "mid-stream: " + (code == null || code.isBlank() ? "" : code + ": ") + message;
        String lower = ((code == null ? "" : code) + " " + message).toLowerCase(Locale.ROOT);
        if (lower.contains("rate_limit") || lower.contains("rate limit") || lower.contains("429")
                || lower.contains("resource_exhausted")) {
            return new LlmException.RateLimited(provider, detail, null);
        }
        if (isContextTooLong(lower)) {
            return new LlmException.ContextTooLong(provider, detail);
        }
        return shown
                ? new LlmException.Interrupted(provider, detail, null)
                : new LlmException.Unavailable(provider, detail, null);
    }

    public static Optional<Duration> retryDelay(String body) {
        if (body == null) {
            return Optional.empty();
        }
        Matcher m = RETRY_DELAY.matcher(body);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) (Double.parseDouble(m.group(1)) * 1000)));
    }

    /**
     * Whether a 404 is about the URL rather than a model: OpenAI's "Invalid URL (POST
     * /chat/completions)", a web server's or framework's not-found page ("404 page not found",
     * {"detail":"Not Found"}, Anthropic's bare "Not Found", Azure's "Resource not found", an HTML
     * page, nothing at all). A body
     * that says more, such as which model does not exist, is about the model.
     */
    static boolean isMissingEndpoint(String lowerBody) {
        String body = lowerBody.strip();
        return body.isEmpty()
                || body.contains("invalid url")
                || body.contains("unknown request url") || body.contains("unknown_url")
                || body.contains("page not found") || body.contains("route not found") || body.contains("no route")
                || body.contains("resource not found")
                || body.contains("cannot post") || body.startsWith("<") || body.contains("<html")
                || body.contains("\"not found\"") || body.equals("not found") || body.equals("404 not found");
    }

    public static boolean isContextTooLong(String lowerBody) {
        return lowerBody.contains("context_length_exceeded")
                || lowerBody.contains("maximum context length")
                || lowerBody.contains("prompt is too long")
                || lowerBody.contains("input token count")
                || lowerBody.contains("too many tokens");
    }

    /** Reads retry-after-ms, then Retry-After in seconds or as an HTTP date. */
    public static Optional<Duration> retryAfter(ResponseHeaders headers) {
        Optional<String> millis = headers.first("retry-after-ms");
        if (millis.isPresent()) {
            try {
                return Optional.of(Duration.ofMillis((long) Double.parseDouble(millis.get().trim())));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        Optional<String> value = headers.first("retry-after");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get().trim();
        try {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(v) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (RuntimeException notADate) {
                return Optional.empty();
            }
        }
    }

    /** A short, secret-free extract of an error body for logs and messages. */
    public static String summary(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ").strip();
        return ": " + (flat.length() > 200 ? flat.substring(0, 200) + "..." : flat);
    }
}
