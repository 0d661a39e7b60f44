package dev.chatbot.discord;

import java.net.URI;
import java.time.Duration;

/**
 * @param apiUrl          REST base with its /api/v10/ (BOT_DISCORD_API_URL); null for Discord's own
 * @param gatewayUrl      the gateway's ws:// or wss:// address (BOT_DISCORD_GATEWAY_URL); null to ask
 *                        Discord's REST for it, as JDA does by default
 * @param guildId         a guild whose slash commands are registered too (they show at once there), or null
 * @param shards          the shards this replica runs
 * @param compress        zlib-stream on the gateway, as Discord recommends; off only for proxies that cannot
 * @param messageContent  ask for the privileged message content intent (switch it on in the Developer Portal);
 *                        without it the bot still answers mentions, replies, DMs and slash commands
 * @param editInterval    least time between two sends or edits in one channel
 * @param shutdownGrace   how long a stopping bot lets running answers finish; the rest are answered after the restart
 * @param rememberEvents  how long a message or interaction id is recognised, so a replayed event is not answered twice
 * @param readyTimeout    how long start-up waits for the gateway to be ready
 * @param replicaLease    BOT_REPLICA_LEASE: this replica's hold on its inbox share and, with auto shards, on its
 *                        shards lasts this long unless renewed; a dead replica's are taken over a lease later
 */
public record DiscordSettings(String token, URI apiUrl, URI gatewayUrl, String guildId, ShardRange shards,
                              boolean compress, boolean messageContent, Duration editInterval,
                              Duration shutdownGrace, Duration rememberEvents, Duration readyTimeout,
                              Duration replicaLease) {

    public DiscordSettings {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("BOT_DISCORD_TOKEN is empty");
        }
        shards = shards == null ? ShardRange.SINGLE : shards;
        editInterval = editInterval == null ? Duration.ofSeconds(1) : editInterval;
        shutdownGrace = shutdownGrace == null || shutdownGrace.isNegative() ? Duration.ofSeconds(10) : shutdownGrace;
        rememberEvents = rememberEvents == null || !rememberEvents.isPositive() ? Duration.ofHours(24) : rememberEvents;
        readyTimeout = readyTimeout == null || !readyTimeout.isPositive() ? Duration.ofSeconds(60) : readyTimeout;
        replicaLease = replicaLease == null || !replicaLease.isPositive() ? Duration.ofSeconds(10) : replicaLease;
        if (apiUrl != null && !apiUrl.toString().endsWith("/")) {
            apiUrl = URI.create(apiUrl + "/"); // JDA appends routes such as "channels/1/messages"
        }
        if (gatewayUrl != null && !gatewayUrl.getScheme().matches("wss?")) {
            throw new DiscordStartupException("BOT_DISCORD_GATEWAY_URL must be a ws:// or wss:// URL, not " + gatewayUrl,
                    "Set BOT_DISCORD_GATEWAY_URL to the gateway's websocket address, or leave it unset.");
        }
        if (guildId != null && guildId.isBlank()) {
            guildId = null;
        }
        if (guildId != null && !guildId.matches("\\d{1,20}")) {
            throw new DiscordStartupException("BOT_DISCORD_GUILD_ID must be a server's numeric id, not " + guildId,
                    "Copy the id with Discord's developer mode (right-click the server, Copy Server ID).");
        }
    }

    /** The defaults for everything but the token. */
    public DiscordSettings(String token) {
        this(token, null, null, null, null, true, true, null, null, null, null, null);
    }

    @Override
    public String toString() {
        return "DiscordSettings[apiUrl=" + apiUrl + ", gatewayUrl=" + gatewayUrl + ", guildId=" + guildId
                + ", shards=" + shards + "]";
    }
}
