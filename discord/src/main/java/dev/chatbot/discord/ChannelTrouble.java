package dev.chatbot.discord;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channels where the bot may not write (no Send Messages, no access, a closed DM): each is logged
 * once, not on every answer, and only that channel is affected. Bounded, so a bot in many servers
 * does not grow it forever.
 */
final class ChannelTrouble {

    private static final Logger log = LoggerFactory.getLogger(ChannelTrouble.class);
    private static final int MAX_CHANNELS = 10_000;

    private final Set<String> logged = Collections.newSetFromMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_CHANNELS;
        }
    });

    void cannotWrite(String channelId, String why) {
        boolean first;
        synchronized (logged) {
            first = logged.add(channelId);
        }
        if (first) {
            log.warn("Discord: cannot write in channel {} ({}); answers there are dropped until the bot gets "
                    + "View Channel, Send Messages and Read Message History there", channelId, why);
        }
    }

    /** The channel works (again): a later problem there is logged anew. */
    void canWrite(String channelId) {
        synchronized (logged) {
            logged.remove(channelId);
        }
    }
}
