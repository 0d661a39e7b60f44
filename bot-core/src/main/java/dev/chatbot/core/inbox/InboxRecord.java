package dev.chatbot.core.inbox;

import java.util.List;

/**
 * What the inbox keeps in Redis about one event until it has been dealt with: enough to answer it
 * after a crash, to continue the messages a crash left half written, and to know that an answer
 * was already shown and saved when only forgetting it failed.
 *
 * @param platform    where the event came from, e.g. "telegram"
 * @param id          the platform's id of the event, unique per platform (Telegram's update_id)
 * @param payload     the event as the platform sent it: enough to handle it again after a restart
 * @param owner       the running app that took the event, so one replica does not replay another's live work
 * @param receivedAt  when it was taken, epoch milliseconds: replays go oldest first
 * @param answerSoFar the answer's text as far as it was shown, empty before the answer starts
 * @param messageIds  the platform's ids of the messages that show the answer, in order
 * @param complete    the answer was shown in full and its history written (written after the history,
 *                    on the same connection, so Redis holds the history whenever it holds this)
 */
public record InboxRecord(String platform, String id, String payload, String owner, long receivedAt,
                          String answerSoFar, List<String> messageIds, boolean complete) {

    public InboxRecord {
        answerSoFar = answerSoFar == null ? "" : answerSoFar;
        messageIds = messageIds == null ? List.of() : List.copyOf(messageIds);
    }

    /** A record of an answer not complete yet. */
    public InboxRecord(String platform, String id, String payload, String owner, long receivedAt,
                       String answerSoFar, List<String> messageIds) {
        this(platform, id, payload, owner, receivedAt, answerSoFar, messageIds, false);
    }

    /** A new event: nothing answered yet. */
    public static InboxRecord taken(String platform, String id, String payload, String owner, long receivedAt) {
        return new InboxRecord(platform, id, payload, owner, receivedAt, "", List.of());
    }

    public InboxRecord withProgress(String answerSoFar, List<String> messageIds) {
        return new InboxRecord(platform, id, payload, owner, receivedAt, answerSoFar, messageIds, complete);
    }

    public InboxRecord withOwner(String owner) {
        return new InboxRecord(platform, id, payload, owner, receivedAt, answerSoFar, messageIds, complete);
    }

    /** The answer is shown in full and saved. */
    public InboxRecord completed(String answer) {
        return new InboxRecord(platform, id, payload, owner, receivedAt, answer, messageIds, true);
    }
}
