package dev.chatbot.core.redis;

import dev.chatbot.core.chat.ChatKey;

/**
 * Every key carries a hash tag, so one chat's keys (or one user's) share a cluster slot and a
 * script may touch them together.
 */
public final class RedisKeys {

    private final String prefix;

    public RedisKeys(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public String history(ChatKey chat) {
        return chatTag(chat) + ":h";
    }

    public String settings(ChatKey chat) {
        return chatTag(chat) + ":s";
    }

    /** The chat's turn lock: which turn answers in it now, as "fence:holder", with an expiry. */
    public String turnLock(ChatKey chat) {
        return chatTag(chat) + ":lock";
    }

    /** The chat's turn counter: each turn's fencing token. */
    public String turnFence(ChatKey chat) {
        return chatTag(chat) + ":fence";
    }

    /** The chat's events not yet dealt with, scored in the platform's order: turns go oldest first. */
    public String turnQueue(ChatKey chat) {
        return chatTag(chat) + ":q";
    }

    /** The bytes of one picture the chat's history refers to; under the chat's tag, expiring with its history. */
    public String image(ChatKey chat, String id) {
        return chatTag(chat) + ":img:" + id;
    }

    /** A polled answer's latest text and whether it is finished (WeCom AI bot's stream), for any replica's poll. */
    public String polledAnswer(ChatKey chat, String streamId) {
        return chatTag(chat) + ":stream:" + streamId;
    }

    public String seen(String platform, String id) {
        return prefix + ":{seen:" + platform + "}:" + id;
    }

    /** Events received but not yet dealt with; shares its hash tag with {@link #seen}. */
    public String pending(String platform) {
        return prefix + ":{seen:" + platform + "}:pending";
    }

    /**
     * A lease on one platform's work, e.g. "poll" (who long-polls) or "owner:&lt;run&gt;" (a replica is alive and
     * answers the events it took); shares its hash tag with {@link #pending}, so a takeover checks both in one script.
     */
    public String lease(String platform, String name) {
        return prefix + ":{seen:" + platform + "}:lease:" + name;
    }

    /** A user's own caps and ban flag; {@code user} is "platform:userId", or "default" for the admins' defaults. */
    public String userLimits(String user) {
        return userTag(user) + ":lim";
    }

    /** A user's use in one period, e.g. period "d:20250115". */
    public String userUsage(String user, String period) {
        return userTag(user) + ":q:" + period;
    }

    /** Marks a turn's reservation settled, under the user's tag, so a settle that is retried counts once. */
    public String userSettled(String user, String turn) {
        return userTag(user) + ":settled:" + turn;
    }

    /** Everyone's use in one period, per model and per user, for /stats. */
    public String stats(String period) {
        return prefix + ":{stats}:" + period;
    }

    /** Usernames seen on a platform and the user ids they belong to. */
    public String usernames(String platform) {
        return prefix + ":{names:" + platform + "}";
    }

    private String userTag(String user) {
        return prefix + ":{u:" + user + "}";
    }

    private String chatTag(ChatKey chat) {
        return prefix + ":{c:" + chat.id() + "}";
    }
}
