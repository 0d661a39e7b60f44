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
                 @DefaultValue("5m") java.time.Duration maxDuration) {
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
                  String quality) {
    }
}
