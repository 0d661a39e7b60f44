package dev.chatbot.telegram;

import java.net.URI;
import java.time.Duration;

/**
 * @param apiUrl              Bot API base: scheme, host and port only (telegrambots adds /bot&lt;token&gt;/method)
 * @param privateEditInterval least time between two sends or edits in a private chat
 * @param groupEditInterval   the same in groups, where sends and edits share about 20 a minute
 * @param pollTimeoutSeconds  how long one getUpdates call waits for news
 * @param draftInterval       least time between two drafts of a growing answer in a private chat
 * @param messagesPerSecond   sends, edits and drafts of the whole bot, across all chats
 * @param shutdownGrace       how long a stopping bot lets running answers finish; the rest are
 *                            answered after the restart
 * @param rememberUpdates     how long an update id is recognised, so an update Telegram delivers
 *                            again is not answered twice: Telegram keeps an unconfirmed update
 *                            for 24 hours, so the default is 48
 * @param replicaLease        with several replicas: one long-polls at a time, holding a lease this long
 *                            (BOT_REPLICA_LEASE), and another takes over this long after it dies
 */
public record TelegramSettings(String token, URI apiUrl, Duration privateEditInterval, Duration groupEditInterval,
                               int pollTimeoutSeconds, Duration draftInterval, int messagesPerSecond,
                               Duration shutdownGrace, URI webhookUrl, String webhookSecret,
                               Duration rememberUpdates, Duration replicaLease) {

    public TelegramSettings(String token, URI apiUrl, Duration privateEditInterval, Duration groupEditInterval,
                            int pollTimeoutSeconds, Duration draftInterval, int messagesPerSecond,
                            Duration shutdownGrace, URI webhookUrl, String webhookSecret, Duration rememberUpdates) {
        this(token, apiUrl, privateEditInterval, groupEditInterval, pollTimeoutSeconds, draftInterval, messagesPerSecond,
                shutdownGrace, webhookUrl, webhookSecret, rememberUpdates, null);
    }

    public TelegramSettings withReplicaLease(Duration lease) {
        return new TelegramSettings(token, apiUrl, privateEditInterval, groupEditInterval, pollTimeoutSeconds,
                draftInterval, messagesPerSecond, shutdownGrace, webhookUrl, webhookSecret, rememberUpdates, lease);
    }

    public static final URI OFFICIAL_API = URI.create("https://api.telegram.org");

    public TelegramSettings {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("BOT_TELEGRAM_TOKEN is empty");
        }
        apiUrl = apiUrl == null ? OFFICIAL_API : apiUrl;
        privateEditInterval = privateEditInterval == null ? Duration.ofMillis(1000) : privateEditInterval;
        groupEditInterval = groupEditInterval == null ? Duration.ofMillis(3000) : groupEditInterval;
        pollTimeoutSeconds = pollTimeoutSeconds <= 0 ? 50 : pollTimeoutSeconds;
        draftInterval = draftInterval == null ? Duration.ofMillis(500) : draftInterval;
        messagesPerSecond = messagesPerSecond <= 0 ? 30 : messagesPerSecond;
        shutdownGrace = shutdownGrace == null || shutdownGrace.isNegative() ? Duration.ofSeconds(10) : shutdownGrace;
        rememberUpdates = rememberUpdates == null || !rememberUpdates.isPositive() ? Duration.ofHours(48) : rememberUpdates;
        replicaLease = replicaLease == null || !replicaLease.isPositive() ? Duration.ofSeconds(10) : replicaLease;
        if (webhookUrl != null && !"https".equalsIgnoreCase(webhookUrl.getScheme())) {
            throw new TelegramStartupException("BOT_TELEGRAM_WEBHOOK_URL must be an https:// URL (Telegram calls only "
                    + "HTTPS webhooks), not " + webhookUrl.getScheme() + "://",
                    "Put the bot behind HTTPS and set BOT_TELEGRAM_WEBHOOK_URL to its https:// address, "
                            + "or leave it unset to use long polling.");
        }
        if (webhookSecret == null || webhookSecret.isBlank()) {
            // a webhook without a secret would take updates from anyone who finds the URL; derived from the
            // token, so every replica behind the load balancer checks for the same one
            webhookSecret = webhookUrl == null ? null : derivedSecret(token);
        } else if (!webhookSecret.matches("[A-Za-z0-9_-]{1,256}")) {
            throw new TelegramStartupException("BOT_TELEGRAM_WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and -, "
                    + "at most 256 of them", "Choose another BOT_TELEGRAM_WEBHOOK_SECRET, or leave it unset for a random one.");
        }
    }

    /** Webhook mode instead of long polling. */
    public boolean usesWebhook() {
        return webhookUrl != null;
    }

    /** Only who knows the token can know it, and it gives the token away to nobody (a one-way hash). */
    private static String derivedSecret(String token) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("chatbot-webhook-secret:" + token).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The defaults for everything but the token and the API base. */
    public TelegramSettings(String token, URI apiUrl) {
        this(token, apiUrl, null, null, 0, null, 0, null, null, null, null);
    }

    @Override
    public String toString() {
        return "TelegramSettings[apiUrl=" + apiUrl + ", webhookUrl=" + webhookUrl + "]";
    }
}
