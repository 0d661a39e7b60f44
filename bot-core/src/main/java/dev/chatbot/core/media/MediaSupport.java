package dev.chatbot.core.media;

/**
 * What the bot does with more than text; each part null when switched off (or not configured).
 *
 * @param photos  pictures users send, to models that see
 * @param voice   voice messages, transcribed and answered as if typed
 * @param drawing /image
 */
public record MediaSupport(Photos photos, Voice voice, ImageGenerator drawing) {

    public static final MediaSupport NONE = new MediaSupport(null, null, null);
}
