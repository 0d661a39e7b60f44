package dev.chatbot.wechat;

import dev.chatbot.core.inbox.Inbox;
import dev.chatbot.core.inbox.InboxStore;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One {@link Inbox} per platform name: the WeCom app and the WeCom AI bot share "wecom", so their
 * unanswered messages are taken up by one replay after a restart, and ids are deduplicated once.
 */
public final class WeChatInboxes {

    private final InboxStore store;
    private final Inbox.Handler handler;
    private final ConcurrentMap<String, Inbox> inboxes = new ConcurrentHashMap<>();

    public WeChatInboxes(InboxStore store, Inbox.Handler handler) {
        this.store = store;
        this.handler = handler;
    }

    /** @param rememberIds longer than the platform goes on retrying a message */
    public Inbox inbox(String platform, Duration rememberIds) {
        return inboxes.computeIfAbsent(platform, p -> new Inbox(store, p, rememberIds, handler));
    }

    /** The platform's inbox, when one of its callbacks is on. */
    public java.util.Optional<Inbox> existing(String platform) {
        return java.util.Optional.ofNullable(inboxes.get(platform));
    }

    public Collection<Inbox> all() {
        return inboxes.values();
    }
}
