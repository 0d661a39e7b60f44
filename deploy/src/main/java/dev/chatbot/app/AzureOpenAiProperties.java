package dev.chatbot.app;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY, AZURE_OPENAI_API_VERSION and
 * AZURE_OPENAI_DEPLOYMENTS ("model=deployment,...").
 */
@ConfigurationProperties("azure.openai")
record AzureOpenAiProperties(String endpoint, String apiKey, String apiVersion, String deployments) {

    @Override
    public String toString() {
        return "AzureOpenAiProperties[endpoint=" + endpoint + "]";
    }
}
