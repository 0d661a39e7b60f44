package dev.chatbot.wechat.spring;

import dev.chatbot.core.inbox.Inbox;
import dev.chatbot.wechat.OfficialAccount;
import dev.chatbot.wechat.WeChatInboxes;
import dev.chatbot.wechat.WeComApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.SmartLifecycle;

/**
 * At start, takes up the messages a previous run received but did not answer (their answers can
 * only be delivered late now), and from then on, beside other replicas, holds this replica's owner
 * lease and takes up what a replica that died left; at stop, takes no more and lets running answers
 * finish a while. A replica that starts leaves a live one's running answers alone.
 */
final class WeChatLifecycle implements SmartLifecycle {

    private final WeChatInboxes inboxes;
    private final Duration grace;
    private final Duration lease;
    private final List<AutoCloseable> sharing = new ArrayList<>();
    private final OfficialAccount officialAccount;
    private final WeComApp weComApp;
    private volatile boolean running;

    /** @param officialAccount null when off; likewise {@code weComApp} */
    WeChatLifecycle(WeChatInboxes inboxes, Duration grace, Duration lease, OfficialAccount officialAccount,
                    WeComApp weComApp) {
        this.inboxes = inboxes;
        this.grace = grace;
        this.lease = lease;
        this.officialAccount = officialAccount;
        this.weComApp = weComApp;
    }

    @Override
    public void start() {
        if (officialAccount != null) {
            sharing.add(officialAccount.inbox().shareWork(lease, officialAccount::replayed));
        }
        // the WeCom app's and the AI bot's records share the "wecom" inbox; an AI bot's stream is
        // polled for the one request only, so after a restart nobody would see its answer: it is let go
        inboxes.existing(WeComApp.PLATFORM).ifPresent(inbox -> sharing.add(inbox.shareWork(lease, payload ->
                weComApp != null && payload.startsWith(WeComApp.PAYLOAD_PREFIX)
                        ? weComApp.replayed(payload.substring(WeComApp.PAYLOAD_PREFIX.length()))
                        : Optional.empty())));
        running = true;
    }

    @Override
    public void stop() {
        for (AutoCloseable share : sharing) {
            try {
                share.close();
            } catch (Exception e) {
                // only a timer to stop; the lease is given back by drain below
            }
        }
        sharing.clear();
        inboxes.all().forEach(Inbox::stopTaking);
        inboxes.all().forEach(inbox -> inbox.drain(grace));
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
