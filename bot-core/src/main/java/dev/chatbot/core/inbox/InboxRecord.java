package dev.chatbot.core.inbox;

import java.util.List;

/**
 * What the inbox keeps in Redis about one event until it has been dealt with. Later work builds
 * on this format: several replicas (the owner), and an answer that picks up where a crash left
 * it (the text so far and the platform messages it already fills).
 *
 * @param platform    where the event came from, e.g. "telegram"
 * @param id          the platform's id of the event, unique per platform (Telegram's update_id)
 * @param payload     the event as the platform sent it: enough to handle it again after a restart
 * @param owner       the running app that took the event, so one replica does not replay another's live work
 * @param receivedAt  when it was taken, epoch milliseconds: replays go oldest first
 * @param answerSoFar the answer's text as far as it was shown, empty before the answer starts
 * @param messageIds  the platform's ids of the messages that show the answer, in order
 */
public record InboxRecord(String platform, String id, String payload, String owner, long receivedAt,
                          String answerSoFar, List<String> messageIds) {

    public InboxRecord {
        answerSoFar = answerSoFar == null ? "" : answerSoFar;
        messageIds = messageIds == null ? List.of() : List.copyOf(messageIds);
    }

    /** A new event: nothing answered yet. */
    public static InboxRecord taken(String platform, String id, String payload, String owner, long receivedAt) {
        return new InboxRecord(platform, id, payload, owner, receivedAt, "", List.of());
    }

    public InboxRecord withProgress(String answerSoFar, List<String> messageIds) {
        return new InboxRecord(platform, id, payload, owner, receivedAt, answerSoFar, messageIds);
    }

    public InboxRecord withOwner(String owner) {
        return new InboxRecord(platform, id, payload, owner, receivedAt, answerSoFar, messageIds);
    }
}
