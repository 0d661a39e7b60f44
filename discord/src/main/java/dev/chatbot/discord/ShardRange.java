package dev.chatbot.discord;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shards this replica runs, of how many the bot has (BOT_DISCORD_SHARDS): "0-1/4" runs shards
 * 0 and 1 of 4, "2/4" runs shard 2 of 4; "auto/4" runs whichever of the 4 it holds a lease on in
 * Redis, a fair share of them beside the other replicas ({@link ShardLeases}); unset, one replica
 * runs the bot's only shard.
 *
 * @param automatic the replicas share shards 0 to total-1 through leases; first and last name them all
 */
public record ShardRange(int first, int last, int total, boolean automatic) {

    public static final ShardRange SINGLE = new ShardRange(0, 0, 1);

    private static final Pattern FORM = Pattern.compile("\\s*(\\d+)(?:\\s*-\\s*(\\d+))?\\s*/\\s*(\\d+)\\s*");
    private static final Pattern AUTO = Pattern.compile("\\s*auto\\s*/\\s*(\\d+)\\s*", Pattern.CASE_INSENSITIVE);

    public ShardRange {
        if (total < 1 || first < 0 || last < first || last >= total) {
            throw new IllegalArgumentException("BOT_DISCORD_SHARDS must name shards from 0 to total-1, e.g. 0-1/4; got "
                    + first + "-" + last + "/" + total);
        }
    }

    /** Shards {@code first} to {@code last} of {@code total}, always these. */
    public ShardRange(int first, int last, int total) {
        this(first, last, total, false);
    }

    /**
     * @throws IllegalArgumentException when {@code text} is not of the form "first-last/total", "shard/total"
     *                                  or "auto/total"
     */
    public static ShardRange parse(String text) {
        if (text == null || text.isBlank()) {
            return SINGLE;
        }
        Matcher auto = AUTO.matcher(text);
        if (auto.matches()) {
            int total = Integer.parseInt(auto.group(1));
            if (total < 1) {
                throw new IllegalArgumentException("BOT_DISCORD_SHARDS auto/N needs at least one shard, not: " + text);
            }
            return new ShardRange(0, total - 1, total, true);
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("BOT_DISCORD_SHARDS must look like 0-1/4 (shards 0 to 1 of 4), 2/4 "
                    + "or auto/4 (the replicas share 4 shards), not: " + text);
        }
        int first = Integer.parseInt(m.group(1));
        int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
        return new ShardRange(first, last, Integer.parseInt(m.group(3)));
    }

    /** Whether this replica always runs shard 0, the one that receives DMs and registers global commands. */
    public boolean hasFirstShard() {
        return first == 0 && !automatic;
    }

    /** The shard Discord sends a guild's events down: (guild_id &gt;&gt; 22) % total. */
    public int shardOf(long guildId) {
        return (int) ((guildId >>> 22) % total);
    }

    @Override
    public String toString() {
        if (automatic) {
            return "auto/" + total;
        }
        return first == last ? first + "/" + total : first + "-" + last + "/" + total;
    }
}
