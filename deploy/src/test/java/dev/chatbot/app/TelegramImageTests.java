package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeTelegramServer;
import dev.chatbot.testsupport.TestPictures;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** /image through the whole app: the fake OpenAI's /images/generations draws, the picture goes out with sendPhoto. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TelegramImageTests {

    static final Duration WAIT = Duration.ofSeconds(20);

    RunningBot bot;
    FakeTelegramServer telegram;

    @BeforeAll
    void start() {
        bot = new RunningBot().start();
        telegram = bot.telegram;
    }

    @AfterAll
    void stop() {
        bot.close();
    }

    @Test
    void image_draws_with_the_asked_size_and_quality_and_sends_a_photo_while_showing_upload_photo() {
        telegram.privateText(111, "Alice", "en", "/image wide hd a lighthouse at dawn");
        telegram.await(WAIT, "the photo", t -> !t.sentPhotos(111).isEmpty());
        FakeTelegramServer.SentPhoto photo = telegram.sentPhotos(111).getFirst();
        assertThat(photo.caption()).isEqualTo("a lighthouse at dawn");
        assertThat(TestPictures.size(photo.bytes())).containsExactly(1792 / 16, 1024 / 16);

        var asked = bot.openai.imageRequests().getLast().body();
        assertThat(asked.path("model").asString()).isEqualTo("dall-e-3");
        assertThat(asked.path("prompt").asString()).isEqualTo("a lighthouse at dawn");
        assertThat(asked.path("size").asString()).isEqualTo("1792x1024");
        assertThat(asked.path("quality").asString()).isEqualTo("hd");
        assertThat(asked.path("response_format").asString()).isEqualTo("b64_json");
        assertThat(telegram.calls("sendchataction")).anyMatch(c -> c.body().path("action").asString().equals("upload_photo"));
        assertThat(bot.openai.requests()).as("no chat model call").isEmpty();
    }

    @Test
    void each_picture_costs_its_list_price_and_a_dollar_limit_refuses_the_next_one() {
        try (RunningBot limited = new RunningBot().with("bot.limits.usd-per-day", "0.10").start()) {
            FakeTelegramServer t = limited.telegram;
            t.privateText(333, "Carol", "en", "/image hd a red fox"); // 1024x1024 hd: $0.08
            t.await(WAIT, "the first picture", f -> f.sentPhotos(333).size() == 1);
            t.privateText(333, "Carol", "en", "/usage");
            t.await(WAIT, "the usage", f -> f.botMessages(333).stream().anyMatch(m -> m.text().contains("$0.08")));
            t.privateText(333, "Carol", "en", "/image hd a blue fox"); // admitted: $0.08 of $0.10 used, something is left
            t.await(WAIT, "the second picture", f -> f.sentPhotos(333).size() == 2);
            int asked = limited.openai.imageRequests().size();
            t.privateText(333, "Carol", "en", "/image a green fox");
            t.await(WAIT, "the refusal", f -> f.botMessages(333).stream()
                    .anyMatch(m -> m.text().startsWith("You've reached your limit: $0.16 of $0.10 per day used.")));
            assertThat(t.sentPhotos(333)).hasSize(2);
            assertThat(limited.openai.imageRequests()).as("no drawing over the limit").hasSize(asked);
        }
    }

    @Test
    void an_images_limit_set_from_the_chat_allows_that_many_drawings_and_refuses_the_next_without_a_call() {
        try (RunningBot limited = new RunningBot().with("bot.admins", "telegram:444").start()) {
            FakeTelegramServer t = limited.telegram;
            t.privateText(444, "Ada", "en", "/limit 555 1 images/day");
            t.await(WAIT, "the limit set", f -> !f.botMessages(444).isEmpty());
            t.privateText(444, "Ada", "en", "/limit 666 0 images/day");
            t.await(WAIT, "the second limit set", f -> f.botMessages(444).size() == 2);

            t.privateText(555, "Dave", "en", "/image a paper boat");
            t.await(WAIT, "the first picture", f -> f.sentPhotos(555).size() == 1);
            int asked = limited.openai.imageRequests().size();
            t.privateText(555, "Dave", "en", "/image a paper plane");
            t.await(WAIT, "the refusal", f -> f.botMessages(555).stream()
                    .anyMatch(m -> m.text().startsWith("You've reached your limit: 1 of 1 image per day used.")));
            t.privateText(555, "Dave", "en", "/usage");
            t.await(WAIT, "the usage", f -> f.botMessages(555).stream()
                    .anyMatch(m -> m.text().contains("1 image, ≈ $0.04") && m.text().contains("1 of 1 image per day used, 0 left")));

            t.privateText(666, "Erin", "en", "/image a kite");
            t.await(WAIT, "the denial", f -> f.botMessages(666).stream()
                    .anyMatch(m -> m.text().equals("Sorry, your limit is 0 images per day, so I can't do that for you. "
                            + "Ask an admin if you need it.")));
            assertThat(t.sentPhotos(555)).hasSize(1);
            assertThat(t.sentPhotos(666)).isEmpty();
            assertThat(limited.openai.imageRequests()).as("no drawing over the images limit").hasSize(asked);
        }
    }

    @Test
    void image_without_a_prompt_gets_its_usage_and_a_refused_prompt_a_clear_note() {
        telegram.privateText(222, "Bob", "en", "/image");
        telegram.await(WAIT, "the usage", t -> !t.botMessages(222).isEmpty());
        assertThat(telegram.botMessages(222).getFirst().text()).startsWith("Tell me what to draw, e.g. /image");
        telegram.privateText(222, "Bob", "en", "/image something forbidden");
        telegram.await(WAIT, "the refusal", t -> t.botMessages(222).size() > 1);
        assertThat(telegram.botMessages(222).get(1).text())
                .isEqualTo("The image service refused to draw that (its safety system). Please describe something else.");
        assertThat(telegram.sentPhotos(222)).isEmpty();
    }
}
