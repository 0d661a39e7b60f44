package dev.chatbot.app;

import dev.chatbot.core.history.ImageStore;
import dev.chatbot.core.llm.LlmProvider;
import dev.chatbot.core.llm.openai.OpenAiCompatibleProvider;
import dev.chatbot.core.llm.openai.OpenAiMedia;
import dev.chatbot.core.media.MediaSupport;
import dev.chatbot.core.media.Photos;
import dev.chatbot.core.media.PictureIntake;
import dev.chatbot.core.media.Voice;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Puts pictures, voice and drawing together from bot.media.* and the configured providers. */
final class MediaSetup {

    private static final Logger log = LoggerFactory.getLogger(MediaSetup.class);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(120);

    private MediaSetup() {
    }

    static MediaSupport build(MediaProperties media, ImageStore images, ProviderSetup.Result setup) {
        MediaProperties.Photos p = media.photos();
        Photos photos = p.enabled()
                ? new Photos(images, new PictureIntake(p.maxPixels()), p.maxBytes().toBytes(), p.recent()) : null;
        Voice voice = null;
        if (media.voice().enabled()) {
            voice = endpoint(setup, media.voice().provider(), media.voice().model(), "voice messages")
                    .map(m -> new Voice(m, media.voice().maxDuration(), Voice.DEFAULT_MAX_BYTES, media.voice().model(),
                            media.voice().pricePerMinute())).orElse(null);
        }
        OpenAiMedia drawing = null;
        if (media.images().enabled()) {
            drawing = endpoint(setup, media.images().provider(), media.images().model(), "/image").orElse(null);
        }
        return new MediaSupport(photos, voice, drawing);
    }

    /** The named provider, or the first OpenAI-compatible one, with this model for transcription or drawing. */
    private static Optional<OpenAiMedia> endpoint(ProviderSetup.Result setup, String name, String model, String what) {
        for (LlmProvider p : setup.registry().all()) {
            boolean wanted = name == null || name.isBlank() ? p instanceof OpenAiCompatibleProvider : p.name().equals(name.strip());
            if (!wanted) {
                continue;
            }
            if (p instanceof OpenAiCompatibleProvider openAi) {
                return Optional.of(openAi.media(model, CALL_TIMEOUT));
            }
            log.warn("Provider {} has no OpenAI-compatible endpoint for {}; they are off", p.name(), what);
            return Optional.empty();
        }
        log.info("No OpenAI-compatible provider{} for {}; they are off", name == null || name.isBlank() ? "" : " named " + name, what);
        return Optional.empty();
    }
}
