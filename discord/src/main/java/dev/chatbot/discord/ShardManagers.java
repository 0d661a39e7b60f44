package dev.chatbot.discord;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.sharding.ShardManager;

/**
 * The JDA shard managers of this replica, looked up as one. A fixed range runs in one manager;
 * with auto shards each set of shards taken over gets a manager of its own, because
 * {@link ShardManager#start(int)} can be lost on a manager that logged in with a single shard
 * (JDA 6.1's DefaultShardManager may keep a finished queue worker and then never runs the queue
 * again). Giving a shard back is {@link ShardManager#shutdown(int)}, which has no such race.
 */
final class ShardManagers {

    private final List<ShardManager> managers = new CopyOnWriteArrayList<>();

    void add(ShardManager manager) {
        managers.add(manager);
    }

    boolean isEmpty() {
        return managers.isEmpty();
    }

    /** The shard if this replica runs it and it has started, else null. */
    JDA shardById(int id) {
        for (ShardManager m : managers) {
            JDA shard = m.getShardById(id);
            if (shard != null) {
                return shard;
            }
        }
        return null;
    }

    List<JDA> shards() {
        return managers.stream().flatMap(m -> m.getShards().stream()).toList();
    }

    MessageChannel channelById(String id) {
        for (ShardManager m : managers) {
            MessageChannel channel = m.getChannelById(MessageChannel.class, id);
            if (channel != null) {
                return channel;
            }
        }
        return null;
    }

    Guild guildById(String id) {
        for (ShardManager m : managers) {
            Guild guild = m.getGuildById(id);
            if (guild != null) {
                return guild;
            }
        }
        return null;
    }

    /** A manager for REST calls that belong to no shard (a user, a DM); null when none runs. */
    ShardManager any() {
        return managers.isEmpty() ? null : managers.getFirst();
    }

    /** Closes one shard's gateway; a manager left with no shard is shut down. */
    void stop(int id) {
        for (ShardManager m : managers) {
            if (m.getShardById(id) != null) {
                m.shutdown(id);
                if (m.getShards().isEmpty()) {
                    managers.remove(m);
                    m.shutdown();
                }
                return;
            }
        }
    }

    void shutdownAll() {
        managers.forEach(ShardManager::shutdown);
        managers.clear();
    }
}
