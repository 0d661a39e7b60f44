package dev.chatbot.core.engine;

/**
 * A platform event turned into what the engine understands.
 *
 * @param isDirect        a private chat with the bot (every message is meant for it)
 * @param addressedToBot  in a group: mentions the bot, replies to it, or is a command for it
 * @param text            the text with any leading mention of the bot removed; null when {@code kind} is not TEXT
 */
public record InboundMessage(
        ChatKey chat,
        String messageId,
        Sender sender,
        String text,
        Kind kind,
        boolean isDirect,
        boolean addressedToBot,
        String replyToMessageId) {

    public enum Kind { TEXT, UNSUPPORTED }

    public boolean isForBot() {
        return isDirect || addressedToBot;
    }

    /** The sender as "platform:userId", the form BOT_ADMINS and limits use. */
    public String senderRef() {
        return chat.platform() + ":" + sender.id();
    }

    public String language() {
        return sender.languageCode();
    }
}
