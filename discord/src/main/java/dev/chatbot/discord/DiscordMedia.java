package dev.chatbot.discord;

import dev.chatbot.core.chat.Attachment;
import dev.chatbot.core.net.AddressGuard;
import dev.chatbot.core.net.GuardedFetch;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Downloads image and audio attachments from the URLs Discord gives (its CDN). They come from the platform,
 * but are checked like any URL: no fetch of an internal address, redirects included, unless it is
 * the configured REST base's host itself (a fake on loopback in tests).
 */
final class DiscordMedia {

    /** Downloads nothing: attachments stay unreadable (unit tests of the mapping). */
    static final DiscordMedia NONE = new DiscordMedia(null, false);

    private final GuardedFetch fetch;
    private final boolean enabled;

    /** @param apiUrl the configured REST base; null for Discord's own */
    DiscordMedia(URI apiUrl) {
        this(apiUrl, true);
    }

    private DiscordMedia(URI apiUrl, boolean enabled) {
        this.enabled = enabled;
        this.fetch = new GuardedFetch(new AddressGuard(apiUrl == null ? Set.of() : Set.of(apiUrl)), Duration.ofSeconds(30));
    }

    /**
     * The attachments, each a download from its URL: images (several in one post are one question) and audio
     * (a voice message, with its length).
     */
    List<Attachment> attachments(List<DiscordPost.Attached> files) {
        if (!enabled) {
            return List.of();
        }
        return files.stream().map(f -> f.contentType() != null && f.contentType().startsWith("audio/")
                ? new Attachment(Attachment.Type.VOICE, f.contentType(), f.size(), f.durationSeconds(), false, download(f.url()))
                : Attachment.image(f.contentType(), f.size(), download(f.url()))).toList();
    }

    private Attachment.Download download(String url) {
        return maxBytes -> fetch.get(URI.create(url), Map.of(), maxBytes).body();
    }
}
