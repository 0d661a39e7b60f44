package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeLlmServer;
import dev.chatbot.testsupport.FakeTelegramServer;
import dev.chatbot.testsupport.ReceivedRequest;
import dev.chatbot.testsupport.TestPictures;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Photos through the whole app: the fake Telegram serves getFile and the file URL, the fake providers
 * check each one's own image format, and the real Redis keeps the pictures beside the history.
 */
class TelegramPhotosTests {

    static final long ALICE = 111;
    static final long BOB = 222;
    static final long CAROL = 333;
    static final Duration WAIT = Duration.ofSeconds(20);

    RunningBot bot;
    FakeTelegramServer telegram;

    void start(RunningBot configured) {
        bot = configured.start();
        telegram = bot.telegram;
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    void awaitBotText(long chatId, int index, String text) {
        telegram.await(WAIT, "bot message #" + index + " in " + chatId + " to read: " + text,
                t -> t.botMessages(chatId).size() > index && t.botMessages(chatId).get(index).text().equals(text));
    }

    /** The one picture the last request carried, in the provider's own format, decoded by the fake. */
    static ReceivedRequest.Image lastImage(FakeLlmServer provider) {
        List<ReceivedRequest.Image> images = provider.requests().getLast().images();
        assertThat(images).hasSize(1);
        return images.getFirst();
    }

    @Test
    void a_photo_with_a_caption_reaches_each_provider_in_its_own_format_scaled_to_1568() {
        start(new RunningBot());
        byte[] photo = TestPictures.png(3000, 2000);

        telegram.privatePhoto(ALICE, "Alice", "en", "what plant is this?", photo, 3000, 2000);
        awaitBotText(ALICE, 0, "You said: what plant is this?");
        ReceivedRequest.Image seen = lastImage(bot.openai);
        assertThat(seen.mediaType()).isEqualTo("image/jpeg");
        assertThat(TestPictures.size(seen.bytes())).containsExactly(1568, 1045);
        assertThat(bot.openai.requests().getLast().body().path("messages").path(1).path("content").path(1)
                .path("image_url").path("url").asString()).startsWith("data:image/jpeg;base64,");

        // the next question still shows the model the picture, kept in Redis beside the history
        telegram.privateText(ALICE, "Alice", "en", "and is it poisonous?");
        awaitBotText(ALICE, 1, "You said: and is it poisonous?");
        assertThat(lastImage(bot.openai).bytes()).isEqualTo(seen.bytes());

        telegram.privateText(BOB, "Bob", "en", "/model claude-sonnet-4-5");
        awaitBotText(BOB, 0, "Done! This chat now uses claude-sonnet-4-5 (anthropic).");
        telegram.privatePhoto(BOB, "Bob", "en", "and this one?", photo, 3000, 2000);
        awaitBotText(BOB, 1, "You said: and this one?");
        assertThat(lastImage(bot.anthropic).mediaType()).isEqualTo("image/jpeg");
        assertThat(TestPictures.size(lastImage(bot.anthropic).bytes())).containsExactly(1568, 1045);
        assertThat(bot.anthropic.requests().getLast().body().path("messages").path(0).path("content").path(1)
                .path("source").path("type").asString()).isEqualTo("base64");

        telegram.privateText(CAROL, "Carol", "en", "/model gemini-2.5-flash");
        awaitBotText(CAROL, 0, "Done! This chat now uses gemini-2.5-flash (gemini).");
        telegram.privatePhoto(CAROL, "Carol", "en", null, TestPictures.jpeg(800, 600), 800, 600);
        telegram.await(WAIT, "an answer to the photo without caption", t -> t.botMessages(CAROL).size() > 1);
        assertThat(TestPictures.size(lastImage(bot.gemini).bytes())).containsExactly(800, 600);
        assertThat(bot.gemini.requests().getLast().body().path("contents").path(0).path("parts").path(0)
                .has("inline_data")).isTrue();
    }

    @Test
    void a_photo_to_a_model_that_cannot_see_gets_the_switch_hint_and_no_model_call() {
        start(new RunningBot().with("bot.default-model", "gpt-3.5-turbo"));
        telegram.privatePhoto(ALICE, "Alice", "en", "what is this?", TestPictures.jpeg(400, 300), 400, 300);
        telegram.await(WAIT, "the hint", t -> !t.botMessages(ALICE).isEmpty());
        assertThat(telegram.botMessages(ALICE).getFirst().text())
                .startsWith("gpt-3.5-turbo can't see pictures. Models you can switch to that can: claude-haiku-4-5, ")
                .contains("gemini-2.5-flash")
                .endsWith("Send /model <id> to switch, then send the picture again.");
        assertThat(telegram.calls("getfile")).as("nothing downloaded").isEmpty();
        assertThat(bot.openai.requests()).isEmpty();
    }

    @Test
    void an_album_is_one_message_with_all_its_pictures() {
        start(new RunningBot());
        telegram.privateAlbum(ALICE, "Alice", "en", "compare these", List.of(TestPictures.jpeg(300, 200),
                TestPictures.jpeg(200, 300)), 300, 200);
        awaitBotText(ALICE, 0, "You said: compare these");
        assertThat(bot.openai.requests()).hasSize(1);
        assertThat(bot.openai.requests().getFirst().images()).hasSize(2);
    }

    @Test
    void bad_pictures_get_a_clear_note_each_and_cost_no_model_call() {
        start(new RunningBot());
        telegram.privatePhoto(ALICE, "Alice", "en", "broken", TestPictures.corruptJpeg(), 640, 480);
        awaitBotText(ALICE, 0, "Sorry, I couldn't read that picture: it seems damaged or isn't an image.");
        telegram.privatePhoto(ALICE, "Alice", "en", "huge", TestPictures.pngClaiming(8000, 5000), 8000, 5000);
        awaitBotText(ALICE, 1, "Sorry, that picture has too many pixels for me. Please send a smaller one.");
        telegram.privateAnimatedSticker(ALICE, "Alice", "en");
        awaitBotText(ALICE, 2, "Sorry, I can't look at animated stickers or animations. Send a still picture instead.");
        telegram.privateImageFile(ALICE, "Alice", "en", null, TestPictures.webp(), "image/webp", "cat.webp");
        awaitBotText(ALICE, 3, "Sorry, I can't read that picture format (WebP and HEIC stickers or photos). "
                + "Please send it as a JPEG or PNG photo.");
        telegram.privatePhoto(BOB, "Bob", "zh-hans", "坏的", TestPictures.corruptJpeg(), 640, 480);
        awaitBotText(BOB, 0, "抱歉，这张图片我读不了：它可能已损坏，或者不是图片。");
        assertThat(bot.openai.requests()).isEmpty();

        telegram.privateImageFile(ALICE, "Alice", "en", "as a file", TestPictures.png(500, 500), "image/png", "chart.png");
        awaitBotText(ALICE, 4, "You said: as a file");
        assertThat(TestPictures.size(lastImage(bot.openai).bytes())).containsExactly(500, 500);
    }
}
