package dev.chatbot.core.chat;

/** Who wrote a message, as far as the platform tells. */
public record Sender(String id, String username, String displayName, String languageCode) {

    /** A name fit to show the model in group chats, where several people talk. */
    public String speakerName() {
        if (displayName != null && !displayName.isBlank()) {
            return displayName.strip();
        }
        if (username != null && !username.isBlank()) {
            return "@" + username;
        }
        return "user " + id;
    }
}
