package dev.chatbot.discord.spring;

import dev.chatbot.discord.DiscordSettings;
import dev.chatbot.discord.DiscordStartupException;
import dev.chatbot.discord.ShardRange;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under bot.discord (BOT_DISCORD_* in the environment, or the BOT_CONFIG file).
 *
 * @param token          the bot's token from the Developer Portal; blank leaves Discord off
 * @param apiUrl         REST base with its /api/v10/; blank means Discord's own
 * @param gatewayUrl     the gateway's ws(s):// address; blank means the one Discord's REST names
 * @param guildId        a server whose slash commands are registered too (they show there at once)
 * @param shards         the shards this replica runs, e.g. 0-1/4, or auto/4 to share 4 through Redis; blank: the only one
 * @param compress       zlib-stream on the gateway (Discord's recommendation); false for proxies that cannot
 * @param messageContent ask for the privileged message content intent
 * @param editInterval   least time between two sends or edits in one channel
 */
@ConfigurationProperties("bot.discord")
record DiscordProperties(String token, String apiUrl, String gatewayUrl, String guildId, String shards,
                         @DefaultValue("true") boolean compress,
                         @DefaultValue("true") boolean messageContent,
                         @DefaultValue("1s") Duration editInterval,
                         @DefaultValue("10s") Duration shutdownGrace,
                         @DefaultValue("24h") Duration rememberEvents,
                         @DefaultValue("60s") Duration readyTimeout) {

    /** @param replicaLease bot.replica.lease, which every adapter's share of the work among replicas follows */
    DiscordSettings toSettings(Duration replicaLease) {
        ShardRange range;
        try {
            range = ShardRange.parse(shards);
        } catch (IllegalArgumentException e) {
            throw new DiscordStartupException(e.getMessage(), "Set BOT_DISCORD_SHARDS like 0-1/4 or auto/4, or leave it unset for one shard.");
        }
        return new DiscordSettings(token, isBlank(apiUrl) ? null : URI.create(apiUrl.strip()),
                isBlank(gatewayUrl) ? null : URI.create(gatewayUrl.strip()), guildId, range, compress, messageContent,
                editInterval, shutdownGrace, rememberEvents, readyTimeout, replicaLease);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** Keeps the token out of logs and failure reports. */
    @Override
    public String toString() {
        return "DiscordProperties[apiUrl=" + apiUrl + ", gatewayUrl=" + gatewayUrl + ", guildId=" + guildId
                + ", shards=" + shards + "]";
    }
}
