package dev.chatbot.app;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Pictures, voice and drawing: bot.media.* (BOT_MEDIA_* in the environment, or {@code media:} in the
 * BOT_CONFIG file). Each capability can be switched off for everyone.
 */
@ConfigurationProperties("bot.media")
record MediaProperties(@DefaultValue Photos photos) {

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
}
