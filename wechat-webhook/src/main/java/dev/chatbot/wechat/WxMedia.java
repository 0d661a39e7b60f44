package dev.chatbot.wechat;

import dev.chatbot.core.chat.Attachment;
import dev.chatbot.core.net.AddressGuard;
import dev.chatbot.core.net.GuardedFetch;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Downloads what WeChat users send: an image message's PicUrl. It comes from WeChat's servers, but is
 * checked like any URL (no internal address, redirects included), except the configured API base's own
 * host and port (a fake on loopback in tests).
 */
public final class WxMedia {

    /** Downloads nothing: image messages get the note on what the bot reads. */
    public static final WxMedia NONE = new WxMedia(null, false);

    private final GuardedFetch fetch;
    private final boolean enabled;

    /** @param apiUrl the configured API base (BOT_WECHAT_API_URL or BOT_WECOM_API_URL) */
    public WxMedia(URI apiUrl) {
        this(apiUrl, true);
    }

    private WxMedia(URI apiUrl, boolean enabled) {
        this.enabled = enabled;
        this.fetch = new GuardedFetch(new AddressGuard(apiUrl == null ? Set.of() : Set.of(apiUrl)), Duration.ofSeconds(30));
    }

    boolean isEnabled() {
        return enabled;
    }

    Attachment.Download picture(String picUrl) {
        return maxBytes -> fetch.get(URI.create(picUrl), Map.of(), maxBytes).body();
    }
}
