package dev.chatbot.app;

import java.time.Duration;
import java.util.Map;

/**
 * One provider, from the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, ...) or from the
 * providers list of the BOT_CONFIG file; the README documents every field.
 *
 * @param name           what models name as their provider and what users see in errors; unique
 * @param type           openai (also any compatible endpoint), azure, anthropic or gemini
 * @param baseUrl        openai: with its /v1; anthropic: without /v1; gemini: without the version;
 *                       azure: the resource endpoint
 * @param headers        openai and azure: extra headers, e.g. OpenRouter's HTTP-Referer
 * @param streamOptions  openai and azure: false for relays that reject stream_options
 * @param apiVersion     azure: the api-version; gemini: the path version (v1beta)
 * @param deployments    azure: "model=deployment,..." as in AZURE_OPENAI_DEPLOYMENTS
 * @param builtinModels  offer the app's list of this vendor's models; by default on for
 *                       anthropic and gemini, and for openai when it is OpenAI's own URL
 */
record ProviderSpec(String name, String type, String baseUrl, String apiKey, Map<String, String> headers,
                    Boolean streamOptions, String apiVersion, String deployments, Boolean builtinModels,
                    Duration connectTimeout) {

    ProviderSpec {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return "ProviderSpec[name=" + name + ", type=" + type + ", baseUrl=" + baseUrl + "]";
    }
}
