package dev.chatbot.wechat.spring;

import dev.chatbot.core.inbox.Inbox;
import dev.chatbot.wechat.OfficialAccount;
import dev.chatbot.wechat.WeChatInboxes;
import dev.chatbot.wechat.WeComApp;
import java.time.Duration;
import java.util.Optional;
import org.springframework.context.SmartLifecycle;

/**
 * At start, takes up the messages a previous run received but did not answer (their answers can
 * only be delivered late now); at stop, takes no more and lets running answers finish a while.
 */
final class WeChatLifecycle implements SmartLifecycle {

    private final WeChatInboxes inboxes;
    private final Duration grace;
    private final OfficialAccount officialAccount;
    private final WeComApp weComApp;
    private volatile boolean running;

    /** @param officialAccount null when off; likewise {@code weComApp} */
    WeChatLifecycle(WeChatInboxes inboxes, Duration grace, OfficialAccount officialAccount, WeComApp weComApp) {
        this.inboxes = inboxes;
        this.grace = grace;
        this.officialAccount = officialAccount;
        this.weComApp = weComApp;
    }

    @Override
    public void start() {
        if (officialAccount != null) {
            officialAccount.inbox().replay(officialAccount::replayed);
        }
        // the WeCom app's and the AI bot's records share the "wecom" inbox; an AI bot's stream is
        // polled for the one request only, so after a restart nobody would see its answer: it is let go
        inboxes.existing(WeComApp.PLATFORM).ifPresent(inbox -> inbox.replay(payload ->
                weComApp != null && payload.startsWith(WeComApp.PAYLOAD_PREFIX)
                        ? weComApp.replayed(payload.substring(WeComApp.PAYLOAD_PREFIX.length()))
                        : Optional.empty()));
        running = true;
    }

    @Override
    public void stop() {
        inboxes.all().forEach(Inbox::stopTaking);
        inboxes.all().forEach(inbox -> inbox.drain(grace));
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
