package dev.chatbot.app;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Pictures, voice and drawing: bot.media.* (BOT_MEDIA_* in the environment, or {@code media:} in the
 * BOT_CONFIG file). Each capability can be switched off for everyone.
 */
@ConfigurationProperties("bot.media")
record MediaProperties(@DefaultValue Photos photos, @DefaultValue Voice voice, @DefaultValue Images images) {

    /**
     * @param enabled   whether photos sent to the bot reach models that see
     * @param maxBytes  the most downloaded of one picture
     * @param maxPixels the largest picture decoded (width times height), against decompression bombs
     * @param recent    how many of a conversation's newest pictures the model sees; older ones become "[image]"
     */
    record Photos(@DefaultValue("true") boolean enabled,
                  @DefaultValue("20MB") DataSize maxBytes,
                  @DefaultValue("36000000") long maxPixels,
                  @DefaultValue("3") int recent) {
    }

    /**
     * @param enabled     whether voice messages are transcribed and answered
     * @param provider    the OpenAI-compatible (or Azure) provider whose /audio/transcriptions is used; blank takes
     *                    the first such provider
     * @param model       whisper-1, gpt-4o-mini-transcribe, or a relay's equivalent (on Azure: the deployment)
     * @param maxDuration the longest recording transcribed
     */
    record Voice(@DefaultValue("true") boolean enabled, String provider,
                 @DefaultValue("whisper-1") String model,
                 @DefaultValue("5m") java.time.Duration maxDuration,
                 /* US dollars per started minute of audio (whisper-1 and gpt-4o-transcribe: 0.006) */
                 @DefaultValue("0.006") double pricePerMinute) {
    }

    /**
     * @param enabled  whether /image draws
     * @param provider the OpenAI-compatible (or Azure) provider whose /images/generations is used; blank takes the
     *                 first such provider
     * @param model    dall-e-3, gpt-image-1, or a relay's equivalent (on Azure: the deployment)
     * @param size     the size when the command names none
     * @param quality  the quality when the command names none (the model's own word); blank leaves the model's default
     */
    record Images(@DefaultValue("true") boolean enabled, String provider,
                  @DefaultValue("dall-e-3") String model,
                  @DefaultValue("1024x1024") String size,
                  String quality,
                  /* US dollars per picture by "size/quality" or "size"; unset: the list prices of dall-e-3 or gpt-image-1 */
                  java.util.Map<String, Double> prices) {

        Images {
            if (prices == null || prices.isEmpty()) {
                prices = LIST_PRICES.getOrDefault(model == null ? "" : model.toLowerCase(java.util.Locale.ROOT),
                        java.util.Map.of());
            }
        }

        /** OpenAI's list prices per picture, late 2025; BOT_CONFIG's media.images.prices replaces them. */
        static final java.util.Map<String, java.util.Map<String, Double>> LIST_PRICES = java.util.Map.of(
                "dall-e-3", java.util.Map.of("1024x1024", 0.04, "1024x1024/standard", 0.04, "1024x1024/hd", 0.08,
                        "1792x1024", 0.08, "1792x1024/standard", 0.08, "1792x1024/hd", 0.12,
                        "1024x1792", 0.08, "1024x1792/standard", 0.08, "1024x1792/hd", 0.12),
                "gpt-image-1", java.util.Map.of("1024x1024", 0.042, "1024x1024/low", 0.011, "1024x1024/medium", 0.042,
                        "1024x1024/high", 0.167, "1536x1024", 0.063, "1536x1024/low", 0.016, "1536x1024/high", 0.25,
                        "1024x1536", 0.063, "1024x1536/low", 0.016, "1024x1536/high", 0.25));
    }
}
