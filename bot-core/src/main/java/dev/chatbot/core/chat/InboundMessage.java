package dev.chatbot.core.chat;

/**
 * A platform event turned into what the engine understands.
 *
 * @param isDirect        a private chat with the bot (every message is meant for it)
 * @param addressedToBot  in a group: mentions the bot, replies to it, or is a command for it
 * @param text            the text with any leading mention of the bot removed; null when {@code kind} is not TEXT
 * @param replyToSender   the author of the message this one replies to, when that is a user (not a bot);
 *                        admin commands use it to name whom they are about
 */
public record InboundMessage(
        ChatKey chat,
        String messageId,
        Sender sender,
        String text,
        Kind kind,
        boolean isDirect,
        boolean addressedToBot,
        String replyToMessageId,
        Sender replyToSender) {

    public enum Kind { TEXT, UNSUPPORTED }

    /** A message that replies to no user's message. */
    public InboundMessage(ChatKey chat, String messageId, Sender sender, String text, Kind kind, boolean isDirect,
                          boolean addressedToBot, String replyToMessageId) {
        this(chat, messageId, sender, text, kind, isDirect, addressedToBot, replyToMessageId, null);
    }

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
