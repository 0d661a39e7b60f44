package dev.chatbot.discord;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;

/**
 * Connects every shard to a configured gateway (BOT_DISCORD_GATEWAY_URL) instead of asking
 * Discord's REST for it: a proxy, or the fake Discord of the tests. The shard total is ours too,
 * so nothing asks GET /gateway/bot.
 */
final class FixedGateway extends ConcurrentSessionController {

    private final String url;
    private final int shardTotal;

    FixedGateway(String url, int shardTotal) {
        this.url = url;
        this.shardTotal = shardTotal;
    }

    @Override
    public String getGateway() {
        return url;
    }

    @Override
    public ShardedGateway getShardedGateway(JDA api) {
        return new ShardedGateway(url, shardTotal);
    }
}
