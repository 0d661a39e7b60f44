package dev.chatbot.core.redis;

import dev.chatbot.core.engine.ChatKey;

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

    public String seen(String platform, String id) {
        return prefix + ":{seen:" + platform + "}:" + id;
    }

    /** Events received but not yet dealt with; shares its hash tag with {@link #seen}. */
    public String pending(String platform) {
        return prefix + ":{seen:" + platform + "}:pending";
    }

    private String chatTag(ChatKey chat) {
        return prefix + ":{c:" + chat.id() + "}";
    }
}
