package dev.chatbot.discord;

import dev.chatbot.core.chat.Attachment;
import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import dev.chatbot.core.chat.Sender;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a Discord message into an {@link InboundMessage}: decides whether a server message is
 * meant for the bot (a mention of it, or a reply to one of its messages) and removes the mention
 * from the text. DMs are always meant for it. Bots (the bot itself included), webhooks and system
 * messages are never answered.
 *
 * <p>Conversations: a server channel, a thread (the chat is its parent channel, the thread its
 * thread id, so each thread has its own history) or a DM channel.
 */
final class DiscordInboundMapper {

    static final String PLATFORM = "discord";

    private final long botId;
    private final Pattern mention;
    private final Pattern mentionWithSpace;
    private final DiscordMedia images;

    DiscordInboundMapper(long botId) {
        this(botId, DiscordMedia.NONE);
    }

    DiscordInboundMapper(long botId, DiscordMedia images) {
        this.botId = botId;
        this.images = images;
        this.mention = Pattern.compile("<@!?" + botId + ">");
        this.mentionWithSpace = Pattern.compile("[ \\t]*<@!?" + botId + ">[ \\t]*");
    }

    Optional<InboundMessage> map(DiscordPost post) {
        if (post.authorIsBot() || post.isWebhook() || post.isSystem() || post.authorId().equals(Long.toString(botId))) {
            return Optional.empty();
        }
        String content = post.content() == null ? "" : post.content();
        boolean addressed = !post.isDirect() && (post.mentionsBot() || mention.matcher(content).find()
                || Long.toString(botId).equals(post.replyToAuthorId()));
        String text = addressed ? removeMention(content) : content.strip();
        InboundMessage.Kind kind;
        List<Attachment> attachments = images.attachments(post.images());
        if (!text.isEmpty() || !attachments.isEmpty()) {
            kind = InboundMessage.Kind.TEXT;
        } else if (post.hasMedia()) {
            kind = InboundMessage.Kind.UNSUPPORTED;
            text = null;
        } else {
            // a bare mention, or a message the bot cannot read (no message content intent): nothing to answer
            return Optional.empty();
        }
        ChatKey chat = post.isThread()
                ? new ChatKey(PLATFORM, post.parentChannelId(), post.channelId())
                : ChatKey.of(PLATFORM, post.channelId());
        Sender sender = new Sender(post.authorId(), post.authorName(), post.authorDisplayName(), null);
        Sender repliedTo = post.replyToAuthorId() == null || post.replyToAuthorIsBot() ? null
                : new Sender(post.replyToAuthorId(), post.replyToAuthorName(), post.replyToAuthorDisplayName(), null);
        return Optional.of(new InboundMessage(chat, post.messageId(), sender, text, kind, post.isDirect(), addressed,
                post.replyToMessageId(), repliedTo, attachments, null));
    }


    private String removeMention(String content) {
        // "hey <@bot> look" reads "hey look"; the spaces around the mention become one
        String stripped = mentionWithSpace.matcher(content).replaceFirst(" ").strip();
        return stripped.replaceAll("^[,:]\\s*", "");
    }
}
