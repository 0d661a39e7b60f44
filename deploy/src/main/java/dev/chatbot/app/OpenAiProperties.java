package dev.chatbot.app;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * OPENAI_API_KEY and OPENAI_BASE_URL, as OpenAI's own SDKs read them; OPENAI_STREAM_OPTIONS=false
 * for relays that reject stream_options.
 */
@ConfigurationProperties("openai")
record OpenAiProperties(String apiKey, @DefaultValue(OpenAiProperties.OFFICIAL) String baseUrl,
                        @DefaultValue("true") boolean streamOptions) {

    static final String OFFICIAL = "https://api.openai.com/v1";

    @Override
    public String toString() {
        return "OpenAiProperties[baseUrl=" + baseUrl + "]";
    }
}
