package dev.chatbot.core.llm.gemini;

import java.net.URI;
import java.time.Duration;

/**
 * Google's Gemini API (generativelanguage.googleapis.com).
 *
 * @param baseUrl    without the version, as Google's SDK takes it
 * @param apiVersion the path segment before /models, "v1beta" where the newest models are
 */
public record GeminiConfig(String name, URI baseUrl, String apiKey, String apiVersion, Duration connectTimeout) {

    public static final URI OFFICIAL = URI.create("https://generativelanguage.googleapis.com");
    public static final String VERSION = "v1beta";

    public GeminiConfig {
        baseUrl = baseUrl == null ? OFFICIAL : baseUrl;
        apiVersion = apiVersion == null || apiVersion.isBlank() ? VERSION : apiVersion;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    }

    public static GeminiConfig of(String name, String baseUrl, String apiKey) {
        return new GeminiConfig(name, baseUrl == null || baseUrl.isBlank() ? null : URI.create(baseUrl), apiKey,
                null, null);
    }

    @Override
    public String toString() {
        return "GeminiConfig[name=" + name + ", baseUrl=" + baseUrl + "]";
    }
}
