package dev.chatbot.core.reply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChatPacesTests {

    final VirtualClock clock = new VirtualClock();
    final ChatPaces.Kind privateChat = new ChatPaces.Kind(Duration.ofSeconds(1), Duration.ofMillis(500));
    final ChatPaces.Kind group = ChatPaces.Kind.withoutPreviews(Duration.ofSeconds(3));

    @Test
    void every_reply_in_a_chat_shares_its_pace_and_each_kind_has_its_own_interval() {
        ChatPaces paces = new ChatPaces(10, clock);
        ChatPaces.Chat alice = paces.forChat("1", privateChat);
        alice.messages().sent();

        assertThat(paces.forChat("1", privateChat)).isSameAs(alice);
        assertThat(paces.forChat("1", privateChat).messages().waitTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(paces.forChat("-100", group).messages().interval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(alice.previews().interval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void previews_are_allowed_where_the_kind_has_them_until_the_platform_refuses_one() {
        ChatPaces paces = new ChatPaces(10, clock);
        ChatPaces.Chat alice = paces.forChat("1", privateChat);
        assertThat(paces.forChat("-100", group).previewsAllowed()).isFalse();
        assertThat(alice.previewsAllowed()).isTrue();
        assertThat(alice.refusePreviews()).as("the first refusal").isTrue();
        assertThat(alice.refusePreviews()).isFalse();
        assertThat(paces.forChat("1", privateChat).previewsAllowed()).isFalse();
    }

    @Test
    void the_least_recently_used_chats_are_forgotten() {
        ChatPaces paces = new ChatPaces(2, clock);
        ChatPaces.Chat first = paces.forChat("1", group);
        paces.forChat("2", group);
        paces.forChat("1", group);
        paces.forChat("3", group);

        assertThat(paces.size()).isEqualTo(2);
        assertThat(paces.forChat("1", group)).as("used recently, kept").isSameAs(first);
    }
}
