package dev.chatbot.app;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL (without /v1), as Anthropic's SDKs read them. */
@ConfigurationProperties("anthropic")
record AnthropicProperties(String apiKey, String baseUrl) {

    @Override
    public String toString() {
        return "AnthropicProperties[baseUrl=" + baseUrl + "]";
    }
}
