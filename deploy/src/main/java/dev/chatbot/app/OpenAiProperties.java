package dev.chatbot.app;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** OPENAI_API_KEY and OPENAI_BASE_URL, as OpenAI's own SDKs read them. */
@ConfigurationProperties("openai")
record OpenAiProperties(String apiKey, @DefaultValue("https://api.openai.com/v1") String baseUrl) {

    @Override
    public String toString() {
        return "OpenAiProperties[baseUrl=" + baseUrl + "]";
    }
}
