package dev.chatbot.discord;

import java.util.List;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.ChannelType;

/**
 * The facts of one Discord message that decide whether and how the bot answers, read off JDA's
 * {@link Message} once so that the decision itself ({@link DiscordInboundMapper}) is plain data.
 *
 * @param channelId       where the message was posted: a text channel, a thread or a DM
 * @param parentChannelId the channel a thread belongs to; null outside threads
 * @param mentionsBot     the bot's user is among the message's mentions
 * @param replyToAuthorId the author of the message this one replies to; null when it replies to none
 * @param hasMedia        attachments or stickers
 * @param images          its image and audio attachments
 */
record DiscordPost(String messageId, String channelId, String parentChannelId, boolean isDirect, boolean isThread,
                   String authorId, String authorName, String authorDisplayName, boolean authorIsBot,
                   boolean isWebhook, boolean isSystem, String content, boolean mentionsBot,
                   String replyToMessageId, String replyToAuthorId, String replyToAuthorName,
                   String replyToAuthorDisplayName, boolean replyToAuthorIsBot, boolean hasMedia, List<Attached> images) {

    /** An image or audio attachment (a voice message is one): where Discord's CDN serves it, what Discord says of it. */
    record Attached(String url, String contentType, long size, int durationSeconds) {
    }

    DiscordPost {
        images = images == null ? List.of() : List.copyOf(images);
    }

    /** A post without images. */
    DiscordPost(String messageId, String channelId, String parentChannelId, boolean isDirect, boolean isThread,
                String authorId, String authorName, String authorDisplayName, boolean authorIsBot,
                boolean isWebhook, boolean isSystem, String content, boolean mentionsBot,
                String replyToMessageId, String replyToAuthorId, String replyToAuthorName,
                String replyToAuthorDisplayName, boolean replyToAuthorIsBot, boolean hasMedia) {
        this(messageId, channelId, parentChannelId, isDirect, isThread, authorId, authorName, authorDisplayName,
                authorIsBot, isWebhook, isSystem, content, mentionsBot, replyToMessageId, replyToAuthorId,
                replyToAuthorName, replyToAuthorDisplayName, replyToAuthorIsBot, hasMedia, List.of());
    }

    static DiscordPost of(Message m, long botId) {
        User author = m.getAuthor();
        ChannelType type = m.getChannelType();
        boolean thread = type.isThread();
        String parent = thread ? m.getChannel().asThreadChannel().getParentChannel().getId() : null;
        Member member = m.getMember();
        String display = member != null ? member.getEffectiveName() : author.getEffectiveName();
        Message replied = m.getReferencedMessage();
        String replyId = m.getMessageReference() == null ? null : m.getMessageReference().getMessageId();
        User repliedAuthor = replied == null ? null : replied.getAuthor();
        boolean mentionsBot = m.getMentions().getUsers().stream().anyMatch(u -> u.getIdLong() == botId);
        return new DiscordPost(m.getId(), m.getChannelId(), parent, type == ChannelType.PRIVATE, thread,
                author.getId(), author.getName(), display, author.isBot(), m.isWebhookMessage(), author.isSystem(),
                m.getContentRaw(), mentionsBot, replyId,
                repliedAuthor == null ? null : repliedAuthor.getId(),
                repliedAuthor == null ? null : repliedAuthor.getName(),
                repliedAuthor == null ? null : repliedAuthor.getEffectiveName(),
                repliedAuthor != null && repliedAuthor.isBot(),
                !m.getAttachments().isEmpty() || !m.getStickers().isEmpty(),
                m.getAttachments().stream()
                        .filter(a -> a.isImage() || a.getContentType() != null && a.getContentType().startsWith("audio/"))
                        .map(a -> new Attached(a.getUrl(), a.getContentType(), a.getSize(), (int) Math.ceil(a.getDuration())))
                        .toList());
    }
}
