package dev.chatbot.core.chat;

/**
 * A platform event turned into what the engine understands.
 *
 * @param isDirect        a private chat with the bot (every message is meant for it)
 * @param addressedToBot  in a group: mentions the bot, replies to it, or is a command for it
 * @param text            the text with any leading mention of the bot removed; null when {@code kind} is not TEXT
 * @param replyToSender   the author of the message this one replies to, when that is a user (not a bot);
 *                        admin commands use it to name whom they are about
 * @param attachments     pictures and voice sent with it, not yet fetched; {@code text} is then the caption
 *                        (possibly empty)
 * @param albumId         the platform's id of an album this message is one of (Telegram's media_group_id):
 *                        the album's messages are answered as one; null for none
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
        Sender replyToSender,
        java.util.List<Attachment> attachments,
        String albumId) {

    public enum Kind { TEXT, UNSUPPORTED }

    public InboundMessage {
        attachments = attachments == null ? java.util.List.of() : java.util.List.copyOf(attachments);
    }

    /** A message without attachments. */
    public InboundMessage(ChatKey chat, String messageId, Sender sender, String text, Kind kind, boolean isDirect,
                          boolean addressedToBot, String replyToMessageId, Sender replyToSender) {
        this(chat, messageId, sender, text, kind, isDirect, addressedToBot, replyToMessageId, replyToSender,
                java.util.List.of(), null);
    }

    /** A message that replies to no user's message. */
    public InboundMessage(ChatKey chat, String messageId, Sender sender, String text, Kind kind, boolean isDirect,
                          boolean addressedToBot, String replyToMessageId) {
        this(chat, messageId, sender, text, kind, isDirect, addressedToBot, replyToMessageId, null);
    }

    /** The same message carrying these attachments as well (an album's pictures gathered into its first message). */
    public InboundMessage withAttachments(java.util.List<Attachment> more, String caption) {
        java.util.List<Attachment> all = new java.util.ArrayList<>(attachments);
        all.addAll(more);
        return new InboundMessage(chat, messageId, sender, caption, kind, isDirect, addressedToBot, replyToMessageId,
                replyToSender, all, albumId);
    }

    public boolean hasAttachment(Attachment.Type type) {
        return attachments.stream().anyMatch(a -> a.type() == type);
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
