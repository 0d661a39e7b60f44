package dev.chatbot.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatbot.core.reply.Choice;
import dev.chatbot.core.reply.MessageGoneException;
import dev.chatbot.core.reply.PreviewRefusedException;
import dev.chatbot.core.reply.ReplyRateLimitedException;
import dev.chatbot.core.reply.SurfaceClosedException;
import dev.chatbot.core.reply.TokenBucket;
import dev.chatbot.testsupport.FakeTelegramServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;

/** The Telegram side of one answer, against the fake Bot API over real HTTP. */
class TelegramMessageSurfaceTests {

    static final String TOKEN = "42:surface-test-token";
    static final long ALICE = 111;

    final FakeTelegramServer telegram = new FakeTelegramServer(TOKEN);
    final TelegramApi api;

    TelegramMessageSurfaceTests() {
        URI base = URI.create(telegram.apiUrl());
        TelegramUrl url = TelegramUrl.builder().schema("http").host(base.getHost()).port(base.getPort()).testServer(false).build();
        api = new TelegramApi(new OkHttpTelegramClient(TOKEN, url), new LeanCalls(new okhttp3.OkHttpClient(), TOKEN, url),
                new TokenBucket(30, 30));
    }

    @AfterEach
    void stop() {
        telegram.close();
    }

    TelegramMessageSurface markdownSurface(Integer replyTo) {
        return new TelegramMessageSurface(api, ALICE, null, replyTo, TelegramMarkdown::render);
    }

    @Test
    void sends_rendered_text_with_entities_and_later_parts_reply_to_earlier_ones() {
        TelegramMessageSurface surface = markdownSurface(null);
        String first = surface.send("Hello **world**", List.of());
        String second = surface.send("and `more`", List.of());

        var messages = telegram.botMessages(ALICE);
        assertThat(messages).extracting(FakeTelegramServer.SentMessage::text).containsExactly("Hello world", "and more");
        assertThat(messages.get(0).entities().toString()).contains("\"type\":\"bold\"", "\"offset\":6", "\"length\":5");
        assertThat(messages.get(0).replyTo()).isNull();
        assertThat(messages.get(1).replyTo()).isEqualTo(Integer.valueOf(first));
        assertThat(second).isNotEqualTo(first);
        assertThat(telegram.calls("sendMessage").getFirst().body().has("parse_mode")).isFalse();
        assertThat(surface.measure("Hello **world**")).isEqualTo("Hello world".length());
    }

    @Test
    void a_part_measured_and_then_shown_is_rendered_once() {
        java.util.concurrent.atomic.AtomicInteger renders = new java.util.concurrent.atomic.AtomicInteger();
        TelegramMessageSurface surface = new TelegramMessageSurface(api, ALICE, null, null, markdown -> {
            renders.incrementAndGet();
            return TelegramMarkdown.render(markdown);
        });
        String part = "Some **bold** words";
        int length = surface.measure(part);
        surface.send(part, List.of());
        surface.measure(part);

        assertThat(length).isEqualTo("Some bold words".length());
        assertThat(renders.get()).isEqualTo(1);
    }

    @Test
    void an_edit_that_changes_nothing_is_not_an_error() {
        TelegramMessageSurface surface = markdownSurface(null);
        String id = surface.send("Same *text*", List.of());
        surface.edit(id, "Same *text*", List.of());
        surface.edit(id, "Same _text_", List.of()); // other markup, same rendering
        assertThat(telegram.botMessages(ALICE).getFirst().edits()).isZero();
    }

    @Test
    void drafts_keep_one_id_per_part_and_a_new_one_after_each_message() {
        TelegramMessageSurface surface = markdownSurface(null);
        surface.preview("Hel");
        surface.preview("Hello");
        surface.preview("Hello"); // unchanged: not sent again
        surface.send("Hello, friend.", List.of());
        surface.preview("Second");

        var drafts = telegram.calls("sendMessageDraft");
        assertThat(drafts).extracting(FakeTelegramServer.Call::text).containsExactly("Hel", "Hello", "Second");
        int firstId = drafts.get(0).body().path("draft_id").asInt();
        assertThat(firstId).isNotZero();
        assertThat(drafts.get(1).body().path("draft_id").asInt()).isEqualTo(firstId);
        assertThat(drafts.get(2).body().path("draft_id").asInt()).isNotEqualTo(firstId).isNotZero();
    }

    @Test
    void an_edit_of_a_message_the_user_deleted_says_the_message_is_gone() {
        TelegramMessageSurface surface = markdownSurface(null);
        String id = surface.send("Soon deleted", List.of());
        telegram.deleteMessage(ALICE, Integer.parseInt(id));
        assertThatThrownBy(() -> surface.edit(id, "Soon deleted, and more", List.of()))
                .isInstanceOf(MessageGoneException.class);
    }

    @Test
    void a_refused_draft_is_a_preview_refusal() {
        telegram.failNext("sendMessageDraft", 1, 400,
                "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: TEXTDRAFT_PEER_INVALID\"}");
        TelegramMessageSurface surface = markdownSurface(null);
        assertThatThrownBy(() -> surface.preview("Hi")).isInstanceOf(PreviewRefusedException.class);
    }

    @Test
    void drafts_are_for_private_chats_only() {
        TelegramChats chats = new TelegramChats(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofMillis(500));
        assertThat(chats.forChat(ALICE, true).previewsAllowed()).isTrue();
        assertThat(chats.forChat(-100, false).previewsAllowed()).isFalse();
        assertThat(chats.forChat(ALICE, true)).as("one pace per chat, shared by its answers").isSameAs(chats.forChat(ALICE, true));
    }

    @Test
    void choices_go_out_as_an_inline_keyboard_on_send_and_edit() {
        TelegramMessageSurface surface = new TelegramMessageSurface(api, ALICE, null, null, FormattedText::plain);
        List<Choice> choices = List.of(new Choice("GPT-4o", "/model gpt-4o"));
        String id = surface.send("Pick one:", choices);
        surface.edit(id, "Pick one, please:", choices);

        assertThat(telegram.calls("sendMessage").getFirst().body().path("reply_markup").toString()).contains("/model gpt-4o");
        assertThat(telegram.calls("editMessageText").getFirst().body().path("reply_markup").toString()).contains("/model gpt-4o");
    }

    @Test
    void refused_formatting_falls_back_to_the_same_text_without_entities() {
        telegram.failNext("sendMessage", 1, 400,
                "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: can't parse entities: unsupported entity\"}");
        markdownSurface(null).send("Some **bold** text", List.of());
        var message = telegram.botMessages(ALICE).getFirst();
        assertThat(message.text()).isEqualTo("Some bold text");
        assertThat(message.entities().isMissingNode() || message.entities().isEmpty()).isTrue();
    }

    @Test
    void a_429_becomes_a_rate_limit_with_telegrams_retry_after() {
        telegram.floodNext("editMessageText", 1, 7);
        TelegramMessageSurface surface = markdownSurface(null);
        String id = surface.send("one", List.of());
        assertThatThrownBy(() -> surface.edit(id, "two", List.of()))
                .isInstanceOfSatisfying(ReplyRateLimitedException.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
    }

    @Test
    void once_the_bot_is_closing_nothing_more_goes_out() {
        TelegramMessageSurface surface = markdownSurface(null);
        api.close();
        assertThatThrownBy(() -> surface.send("too late", List.of())).isInstanceOf(SurfaceClosedException.class);
        assertThatThrownBy(() -> surface.preview("too late")).isInstanceOf(SurfaceClosedException.class);
        assertThat(telegram.calls("sendMessage")).isEmpty();
    }
}
