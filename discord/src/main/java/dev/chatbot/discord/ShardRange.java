package dev.chatbot.discord;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shards this replica runs, of how many the bot has (BOT_DISCORD_SHARDS): "0-1/4" runs shards
 * 0 and 1 of 4, "2/4" runs shard 2 of 4; unset, one replica runs the bot's only shard.
 */
public record ShardRange(int first, int last, int total) {

    public static final ShardRange SINGLE = new ShardRange(0, 0, 1);

    private static final Pattern FORM = Pattern.compile("\\s*(\\d+)(?:\\s*-\\s*(\\d+))?\\s*/\\s*(\\d+)\\s*");

    public ShardRange {
        if (total < 1 || first < 0 || last < first || last >= total) {
            throw new IllegalArgumentException("BOT_DISCORD_SHARDS must name shards from 0 to total-1, e.g. 0-1/4; got "
                    + first + "-" + last + "/" + total);
        }
    }

    /** @throws IllegalArgumentException when {@code text} is not of the form "first-last/total" or "shard/total" */
    public static ShardRange parse(String text) {
        if (text == null || text.isBlank()) {
            return SINGLE;
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("BOT_DISCORD_SHARDS must look like 0-1/4 (shards 0 to 1 of 4) or 2/4, not: " + text);
        }
        int first = Integer.parseInt(m.group(1));
        int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
        return new ShardRange(first, last, Integer.parseInt(m.group(3)));
    }

    /** Whether this replica runs shard 0, the one that receives DMs and registers global commands. */
    public boolean hasFirstShard() {
        return first == 0;
    }

    @Override
    public String toString() {
        return first == last ? first + "/" + total : first + "-" + last + "/" + total;
    }
}
