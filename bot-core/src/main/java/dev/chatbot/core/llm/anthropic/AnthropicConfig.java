package dev.chatbot.core.llm.anthropic;

import java.net.URI;
import java.time.Duration;

/**
 * Anthropic's Messages API.
 *
 * @param baseUrl          without /v1, as Anthropic's SDKs take it (https://api.anthropic.com)
 * @param version          the anthropic-version header
 * @param defaultMaxTokens the answer's cap where the model names none; the API requires one
 */
public record AnthropicConfig(String name, URI baseUrl, String apiKey, String version, int defaultMaxTokens,
                              Duration connectTimeout) {

    public static final URI OFFICIAL = URI.create("https://api.anthropic.com");
    public static final String VERSION = "2023-06-01";

    public AnthropicConfig {
        baseUrl = baseUrl == null ? OFFICIAL : baseUrl;
        version = version == null || version.isBlank() ? VERSION : version;
        defaultMaxTokens = defaultMaxTokens <= 0 ? 4096 : defaultMaxTokens;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    }

    public static AnthropicConfig of(String name, String baseUrl, String apiKey) {
        return new AnthropicConfig(name, baseUrl == null || baseUrl.isBlank() ? null : URI.create(baseUrl), apiKey,
                null, 0, null);
    }

    @Override
    public String toString() {
        return "AnthropicConfig[name=" + name + ", baseUrl=" + baseUrl + "]";
    }
}
