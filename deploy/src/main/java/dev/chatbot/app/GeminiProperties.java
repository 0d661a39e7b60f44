package dev.chatbot.app;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** GEMINI_API_KEY and GEMINI_BASE_URL (without the version), as Google's SDK reads them. */
@ConfigurationProperties("gemini")
record GeminiProperties(String apiKey, String baseUrl) {

    @Override
    public String toString() {
        return "GeminiProperties[baseUrl=" + baseUrl + "]";
    }
}
