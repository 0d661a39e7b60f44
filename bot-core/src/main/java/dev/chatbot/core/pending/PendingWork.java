package dev.chatbot.core.pending;

/**
 * One inbound event that arrived but has not been dealt with yet.
 *
 * @param id      the platform's id of the event, unique per platform (Telegram's update_id)
 * @param payload the event as the platform sent it, enough to handle it again after a restart
 */
public record PendingWork(String id, String payload) {
}
