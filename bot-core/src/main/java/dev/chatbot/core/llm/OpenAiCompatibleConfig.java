package dev.chatbot.core.llm;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * An endpoint that speaks OpenAI's chat completions: OpenAI itself, Azure, OpenRouter, Ollama, relays.
 *
 * @param baseUrl        with its version path, as OpenAI's SDKs take it (https://api.openai.com/v1)
 * @param headers        extra headers; for Azure the api-key header goes here instead of a bearer token
 * @param queryParams    e.g. Azure's api-version
 * @param streamOptions  whether to ask for usage in the stream; some relays reject the field
 */
public record OpenAiCompatibleConfig(
        String name,
        URI baseUrl,
        String apiKey,
        Map<String, String> headers,
        Map<String, String> queryParams,
        boolean streamOptions,
        Duration connectTimeout) {

    public OpenAiCompatibleConfig {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        queryParams = queryParams == null ? Map.of() : Map.copyOf(queryParams);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    }

    public static OpenAiCompatibleConfig of(String name, String baseUrl, String apiKey) {
        return new OpenAiCompatibleConfig(name, URI.create(baseUrl), apiKey, Map.of(), Map.of(), true, null);
    }

    @Override
    public String toString() {
        // keeps the key out of any log that prints the config
        return "OpenAiCompatibleConfig[name=" + name + ", baseUrl=" + baseUrl + "]";
    }
}
