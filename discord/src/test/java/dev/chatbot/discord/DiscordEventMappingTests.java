package dev.chatbot.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.chatbot.core.chat.InboundMessage;
import java.util.List;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageReference;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import org.junit.jupiter.api.Test;

/** JDA's message, read into a {@link DiscordPost}: what cannot be made real here is mocked (DESIGN's rule). */
class DiscordEventMappingTests {

    static final long BOT = 900L;

    static User user(long id, String name, boolean bot) {
        User u = mock(User.class);
        when(u.getId()).thenReturn(Long.toString(id));
        when(u.getIdLong()).thenReturn(id);
        when(u.getName()).thenReturn(name);
        when(u.getEffectiveName()).thenReturn(name);
        when(u.isBot()).thenReturn(bot);
        return u;
    }

    static Message message(ChannelType type, String content, User author, List<User> mentions) {
        Message m = mock(Message.class, RETURNS_DEEP_STUBS);
        when(m.getId()).thenReturn("500");
        when(m.getChannelId()).thenReturn("10");
        when(m.getChannelType()).thenReturn(type);
        when(m.getAuthor()).thenReturn(author);
        when(m.getContentRaw()).thenReturn(content);
        when(m.getMentions().getUsers()).thenReturn(mentions);
        when(m.getAttachments()).thenReturn(List.of());
        when(m.getStickers()).thenReturn(List.of());
        when(m.getMessageReference()).thenReturn(null);
        when(m.getReferencedMessage()).thenReturn(null);
        when(m.getMember()).thenReturn(null);
        return m;
    }

    @Test
    void a_server_message_mentioning_the_bot_reads_as_addressed_with_the_members_name() {
        User alice = user(42, "alice", false);
        Message m = message(ChannelType.TEXT, "<@900> hello", alice, List.of(user(BOT, "chatbot", true)));
        Member member = mock(Member.class);
        when(member.getEffectiveName()).thenReturn("Alice in Wonderland");
        when(m.getMember()).thenReturn(member);

        DiscordPost post = DiscordPost.of(m, BOT);
        assertThat(post.mentionsBot()).isTrue();
        assertThat(post.isDirect()).isFalse();
        InboundMessage inbound = new DiscordInboundMapper(BOT).map(post).orElseThrow();
        assertThat(inbound.text()).isEqualTo("hello");
        assertThat(inbound.sender().speakerName()).isEqualTo("Alice in Wonderland");
    }

    @Test
    void a_reply_to_the_bots_message_carries_its_author() {
        Message m = message(ChannelType.TEXT, "go on", user(42, "alice", false), List.of());
        MessageReference reference = mock(MessageReference.class);
        when(reference.getMessageId()).thenReturn("400");
        when(m.getMessageReference()).thenReturn(reference);
        Message replied = mock(Message.class);
        User bot = user(BOT, "chatbot", true);
        when(replied.getAuthor()).thenReturn(bot);
        when(m.getReferencedMessage()).thenReturn(replied);

        DiscordPost post = DiscordPost.of(m, BOT);
        assertThat(post.replyToAuthorId()).isEqualTo("900");
        assertThat(post.replyToAuthorIsBot()).isTrue();
        assertThat(new DiscordInboundMapper(BOT).map(post).orElseThrow().addressedToBot()).isTrue();
    }

    @Test
    void a_dm_with_a_sticker_reads_as_direct_media() {
        Message m = message(ChannelType.PRIVATE, "", user(42, "alice", false), List.of());
        when(m.getStickers()).thenReturn(List.of(mock(net.dv8tion.jda.api.entities.sticker.StickerItem.class)));
        DiscordPost post = DiscordPost.of(m, BOT);
        assertThat(post.isDirect()).isTrue();
        assertThat(post.hasMedia()).isTrue();
        assertThat(new DiscordInboundMapper(BOT).map(post).orElseThrow().kind()).isEqualTo(InboundMessage.Kind.UNSUPPORTED);
    }

    @Test
    void a_webhook_message_reads_as_one() {
        Message m = message(ChannelType.TEXT, "<@900> hi", user(56, "hook", false), List.of(user(BOT, "chatbot", true)));
        when(m.isWebhookMessage()).thenReturn(true);
        assertThat(new DiscordInboundMapper(BOT).map(DiscordPost.of(m, BOT))).isEmpty();
    }
}
