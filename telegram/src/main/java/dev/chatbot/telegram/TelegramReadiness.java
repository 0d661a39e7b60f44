package dev.chatbot.telegram;

import java.time.Instant;

/**
 * Whether updates reach the bot, for health checks.
 *
 * @param state        READY, NOT_READY (Telegram or the network fails the bot; it keeps trying) or
 *                     STOPPED (not started yet, stopping, or polling ended)
 * @param detail       what an operator should read first
 * @param lastUpdatesAt when getUpdates last answered; null before the first answer or with a webhook
 */
public record TelegramReadiness(State state, String detail, Instant lastUpdatesAt) {

    public enum State { READY, NOT_READY, STOPPED }

    static TelegramReadiness up(String detail, Instant lastUpdatesAt) {
        return new TelegramReadiness(State.READY, detail, lastUpdatesAt);
    }

    static TelegramReadiness down(String detail, Instant lastUpdatesAt) {
        return new TelegramReadiness(State.NOT_READY, detail, lastUpdatesAt);
    }

    static TelegramReadiness stopped(String detail) {
        return new TelegramReadiness(State.STOPPED, detail, null);
    }
}
