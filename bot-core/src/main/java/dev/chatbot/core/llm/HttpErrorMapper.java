package dev.chatbot.core.llm;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** Turns an HTTP error status of any provider into the typed {@link LlmException}. */
public final class HttpErrorMapper {

    private HttpErrorMapper() {
    }

    public static LlmException map(String provider, int status, HttpHeaders headers, String body) {
        String detail = "HTTP " + status + summary(body);
        String lower = body == null ? "" : body.toLowerCase(Locale.ROOT);
        if (status == 401 || status == 403) {
            return new LlmException.AuthFailed(provider, detail);
        }
        if (status == 404) {
            return new LlmException.ModelNotFound(provider, detail);
        }
        if (status == 429 && !lower.contains("insufficient_quota")) {
            return new LlmException.RateLimited(provider, detail, retryAfter(headers).orElse(null));
        }
        if (status == 429) {
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

    static boolean isContextTooLong(String lowerBody) {
        return lowerBody.contains("context_length_exceeded")
                || lowerBody.contains("maximum context length")
                || lowerBody.contains("prompt is too long")
                || lowerBody.contains("input token count")
                || lowerBody.contains("too many tokens");
    }

    /** Reads retry-after-ms, then Retry-After in seconds or as an HTTP date. */
    public static Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> millis = headers.firstValue("retry-after-ms");
        if (millis.isPresent()) {
            try {
                return Optional.of(Duration.ofMillis((long) Double.parseDouble(millis.get().trim())));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        Optional<String> value = headers.firstValue("retry-after");
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
    static String summary(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ").strip();
        return ": " + (flat.length() > 200 ? flat.substring(0, 200) + "..." : flat);
    }
}
