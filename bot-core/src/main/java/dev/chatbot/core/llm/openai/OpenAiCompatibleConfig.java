package dev.chatbot.core.llm.openai;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * An endpoint that speaks OpenAI's chat completions: OpenAI itself, Azure, OpenRouter, Ollama, relays.
 *
 * @param baseUrl        with its version path, as OpenAI's SDKs take it (https://api.openai.com/v1);
 *                       for Azure the resource endpoint (https://res.openai.azure.com)
 * @param headers        extra headers; for Azure the api-key header goes here instead of a bearer token
 * @param queryParams    e.g. Azure's api-version
 * @param streamOptions  whether to ask for usage in the stream; some relays reject the field
 * @param deployments    Azure's URL shape: the model names a deployment in the path
 *                       ({endpoint}/openai/deployments/{model}/chat/completions) instead of the body
 * @param maxTokensField the body field for the answer's cap: OpenAI's current models take only
 *                       "max_completion_tokens", older servers and most relays only "max_tokens"
 */
public record OpenAiCompatibleConfig(
        String name,
        URI baseUrl,
        String apiKey,
        Map<String, String> headers,
        Map<String, String> queryParams,
        boolean streamOptions,
        Duration connectTimeout,
        boolean deployments,
        String maxTokensField) {

    public static final String MAX_TOKENS = "max_tokens";
    public static final String MAX_COMPLETION_TOKENS = "max_completion_tokens";

    public OpenAiCompatibleConfig {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        queryParams = queryParams == null ? Map.of() : Map.copyOf(queryParams);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        maxTokensField = maxTokensField == null || maxTokensField.isBlank() ? MAX_TOKENS : maxTokensField;
    }

    /** A plain OpenAI-compatible endpoint: model in the body, bearer token. */
    public OpenAiCompatibleConfig(String name, URI baseUrl, String apiKey, Map<String, String> headers,
                                  Map<String, String> queryParams, boolean streamOptions, Duration connectTimeout) {
        this(name, baseUrl, apiKey, headers, queryParams, streamOptions, connectTimeout, false, MAX_TOKENS);
    }

    public static OpenAiCompatibleConfig of(String name, String baseUrl, String apiKey) {
        return new OpenAiCompatibleConfig(name, URI.create(baseUrl), apiKey, Map.of(), Map.of(), true, null);
    }

    /**
     * Azure OpenAI: {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...,
     * authenticated by the api-key header.
     */
    public static OpenAiCompatibleConfig azure(String name, String endpoint, String apiKey, String apiVersion,
                                               Duration connectTimeout) {
        return new OpenAiCompatibleConfig(name, URI.create(endpoint), null, Map.of("api-key", apiKey),
                Map.of("api-version", apiVersion), true, connectTimeout, true, MAX_TOKENS);
    }

    @Override
    public String toString() {
        // keeps the key (also Azure's, which sits in the headers) out of any log that prints the config
        return "OpenAiCompatibleConfig[name=" + name + ", baseUrl=" + baseUrl + "]";
    }
}
