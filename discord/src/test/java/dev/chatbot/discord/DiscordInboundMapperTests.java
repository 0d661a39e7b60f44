package dev.chatbot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.chat.InboundMessage;
import org.junit.jupiter.api.Test;

class DiscordInboundMapperTests {

    static final long BOT = 900L;
    final DiscordInboundMapper mapper = new DiscordInboundMapper(BOT);

    /** A server message from Alice in channel 10; tests change what they are about. */
    static DiscordPost post(String content) {
        return new DiscordPost("500", "10", null, false, false, "42", "alice", "Alice", false, false, false,
                content, false, null, null, null, null, false, false);
    }

    static DiscordPost mentioning(String content) {
        DiscordPost p = post(content);
        return new DiscordPost(p.messageId(), p.channelId(), null, false, false, p.authorId(), p.authorName(),
                p.authorDisplayName(), false, false, false, content, true, null, null, null, null, false, false);
    }

    @Test
    void a_mention_is_for_the_bot_without_the_mention_in_its_text() {
        InboundMessage m = mapper.map(mentioning("<@900> what is Redis?")).orElseThrow();
        assertThat(m.addressedToBot()).isTrue();
        assertThat(m.isDirect()).isFalse();
        assertThat(m.text()).isEqualTo("what is Redis?");
        assertThat(m.chat()).isEqualTo(ChatKey.of("discord", "10"));
        assertThat(m.sender().id()).isEqualTo("42");
        assertThat(m.sender().speakerName()).isEqualTo("Alice");
        assertThat(m.messageId()).isEqualTo("500");
    }

    @Test
    void the_old_nickname_mention_and_a_mention_in_the_middle_count_too() {
        assertThat(mapper.map(post("<@!900>, hi")).orElseThrow().text()).isEqualTo("hi");
        assertThat(mapper.map(post("hey <@900> look")).orElseThrow().text()).isEqualTo("hey look");
    }

    @Test
    void chatter_is_not_for_the_bot() {
        InboundMessage m = mapper.map(post("just chatting")).orElseThrow();
        assertThat(m.isForBot()).isFalse();
        assertThat(mapper.map(post("hi <@901>")).orElseThrow().isForBot()).as("another user's mention").isFalse();
    }

    @Test
    void a_reply_to_the_bot_is_for_it_and_a_reply_to_a_user_names_that_user() {
        DiscordPost toBot = new DiscordPost("501", "10", null, false, false, "42", "alice", "Alice", false, false, false,
                "and then?", false, "400", "900", "chatbot", "chatbot", true, false);
        InboundMessage m = mapper.map(toBot).orElseThrow();
        assertThat(m.addressedToBot()).isTrue();
        assertThat(m.replyToMessageId()).isEqualTo("400");
        assertThat(m.replyToSender()).as("the bot is no one to name").isNull();

        DiscordPost toBob = new DiscordPost("502", "10", null, false, false, "42", "alice", "Alice", false, false, false,
                "<@900> /usage", true, "401", "43", "bob", "Bob", false, false);
        InboundMessage admin = mapper.map(toBob).orElseThrow();
        assertThat(admin.text()).isEqualTo("/usage");
        assertThat(admin.replyToSender().id()).isEqualTo("43");
    }

    @Test
    void a_dm_is_always_for_the_bot() {
        DiscordPost dm = new DiscordPost("503", "77", null, true, false, "42", "alice", "Alice", false, false, false,
                "hello", false, null, null, null, null, false, false);
        InboundMessage m = mapper.map(dm).orElseThrow();
        assertThat(m.isDirect()).isTrue();
        assertThat(m.isForBot()).isTrue();
        assertThat(m.chat()).isEqualTo(ChatKey.of("discord", "77"));
    }

    @Test
    void a_thread_is_its_own_conversation_within_its_channel() {
        DiscordPost inThread = new DiscordPost("504", "20", "10", false, true, "42", "alice", "Alice", false, false, false,
                "<@900> in a thread", true, null, null, null, null, false, false);
        assertThat(mapper.map(inThread).orElseThrow().chat()).isEqualTo(new ChatKey("discord", "10", "20"));
    }

    @Test
    void bots_the_bot_itself_webhooks_and_system_messages_are_ignored() {
        DiscordPost bot = new DiscordPost("505", "10", null, false, false, "55", "other", "Other", true, false, false,
                "<@900> hi", true, null, null, null, null, false, false);
        DiscordPost itself = new DiscordPost("506", "10", null, false, false, "900", "chatbot", "chatbot", false, false, false,
                "<@900> hi", true, null, null, null, null, false, false);
        DiscordPost webhook = new DiscordPost("507", "10", null, false, false, "56", "hook", "Hook", false, true, false,
                "<@900> hi", true, null, null, null, null, false, false);
        DiscordPost system = new DiscordPost("508", "10", null, false, false, "57", "sys", "System", false, false, true,
                "<@900> hi", true, null, null, null, null, false, false);
        assertThat(mapper.map(bot)).isEmpty();
        assertThat(mapper.map(itself)).isEmpty();
        assertThat(mapper.map(webhook)).isEmpty();
        assertThat(mapper.map(system)).isEmpty();
    }

    @Test
    void a_sticker_or_attachment_without_text_is_unsupported_and_a_bare_mention_is_nothing() {
        DiscordPost sticker = new DiscordPost("509", "10", null, false, false, "42", "alice", "Alice", false, false, false,
                "<@900>", true, null, null, null, null, false, true);
        InboundMessage m = mapper.map(sticker).orElseThrow();
        assertThat(m.kind()).isEqualTo(InboundMessage.Kind.UNSUPPORTED);
        assertThat(m.text()).isNull();
        assertThat(mapper.map(mentioning("<@900>"))).isEmpty();
        assertThat(mapper.map(post(""))).as("no message content intent: nothing to read").isEmpty();
    }
}
