package dev.chatbot.core.reply;

/**
 * Hears each rate-limit answer a platform gives the bot (Telegram's and Discord's HTTP 429, WeChat's
 * "out of limit" error codes), for metrics: how often the bot runs into the platforms' limits.
 */
@FunctionalInterface
public interface PlatformRateLimits {

    PlatformRateLimits NONE = platform -> {
    };

    /** @param platform as chats name it: "telegram", "discord", "wechat", "wecom" */
    void limited(String platform);
}
