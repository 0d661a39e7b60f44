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
 * Downloads image attachments from the URLs Discord gives (its CDN). They come from the platform,
 * but are checked like any URL: no fetch of an internal address, redirects included, unless it is
 * the configured REST base's host itself (a fake on loopback in tests).
 */
final class DiscordImages {

    /** Downloads nothing: image attachments stay unreadable (unit tests of the mapping). */
    static final DiscordImages NONE = new DiscordImages(null, false);

    private final GuardedFetch fetch;
    private final boolean enabled;

    /** @param apiUrl the configured REST base; null for Discord's own */
    DiscordImages(URI apiUrl) {
        this(apiUrl, true);
    }

    private DiscordImages(URI apiUrl, boolean enabled) {
        this.enabled = enabled;
        this.fetch = new GuardedFetch(new AddressGuard(apiUrl == null ? Set.of() : Set.of(apiUrl)), Duration.ofSeconds(30));
    }

    /** The images as attachments, each a download from its URL; several in one post are one question. */
    List<Attachment> attachments(List<DiscordPost.Image> images) {
        if (!enabled) {
            return List.of();
        }
        return images.stream().map(i -> Attachment.image(i.contentType(), i.size(), download(i.url()))).toList();
    }

    private Attachment.Download download(String url) {
        return maxBytes -> fetch.get(URI.create(url), Map.of(), maxBytes).body();
    }
}
