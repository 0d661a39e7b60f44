package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeTelegramServer;
import dev.chatbot.testsupport.ReceivedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Webhook mode: Telegram POSTs updates to /webhook/telegram instead of being polled. */
class TelegramWebhookTests {

    static final long ALICE = 111;
    static final String SECRET = "s3cret_for-tests";

    final RunningBot bot = new RunningBot()
            .with("bot.telegram.webhook-url", "https://bot.example.org/webhook/telegram")
            .with("bot.telegram.webhook-secret", SECRET)
            .start();
    final FakeTelegramServer telegram = bot.telegram;
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        bot.close();
    }

    int post(String secret, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port() + "/webhook/telegram"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Waits until Alice's chat holds exactly these answers. */
    void awaitAnswers(String... texts) {
        telegram.await(Duration.ofSeconds(15), "the answers " + java.util.Arrays.toString(texts),
                t -> t.botMessages(ALICE).stream().map(FakeTelegramServer.SentMessage::text).toList().equals(java.util.List.of(texts)));
    }

    @Test
    void registers_the_webhook_with_its_secret_and_does_not_poll() throws Exception {
        telegram.await(Duration.ofSeconds(10), "setWebhook", t -> !t.calls("setWebhook").isEmpty());
        var call = telegram.calls("setWebhook").getFirst();
        assertThat(call.body().path("url").asString()).isEqualTo("https://bot.example.org/webhook/telegram");
        assertThat(call.body().path("secret_token").asString()).isEqualTo(SECRET);
        assertThat(call.body().path("allowed_updates").toString()).contains("message", "callback_query");
        // the bot answers through the webhook, so it has started: polling would have begun there
        assertThat(post(SECRET, telegram.privateTextUpdateJson(ALICE, "Alice", "en", "up?"))).isEqualTo(200);
        awaitAnswers("You said: up?");
        assertThat(telegram.calls("getUpdates")).isEmpty();
    }

    @Test
    void a_posted_update_is_answered_and_a_redelivery_is_not_answered_twice() throws Exception {
        String update = telegram.privateTextUpdateJson(ALICE, "Alice", "en", "hello by webhook");
        assertThat(post(SECRET, update)).isEqualTo(200);
        telegram.await(Duration.ofSeconds(15), "the answer",
                t -> t.botMessages(ALICE).size() == 1 && t.botMessages(ALICE).getFirst().text().equals("You said: hello by webhook"));

        assertThat(post(SECRET, update)).isEqualTo(200); // Telegram retrying a delivery
        // the chat's next update is answered after anything the redelivery started
        assertThat(post(SECRET, telegram.privateTextUpdateJson(ALICE, "Alice", "en", "and then"))).isEqualTo(200);
        awaitAnswers("You said: hello by webhook", "You said: and then");
        assertThat(telegram.botMessages(ALICE)).as("one answer to the update, one to the next").hasSize(2);
        assertThat(bot.openai.requests()).extracting(ReceivedRequest::lastUserMessage)
                .containsExactly("hello by webhook", "and then");
    }

    @Test
    void a_post_without_the_secret_is_refused_and_changes_nothing() throws Exception {
        String update = telegram.privateTextUpdateJson(ALICE, "Alice", "en", "let me in");
        assertThat(post(null, update)).isEqualTo(401);
        assertThat(post("guess", update)).isEqualTo(401);
        assertThat(post(SECRET, "not json")).isEqualTo(400);
        // the chat's next update is answered after anything the refused posts could have started
        assertThat(post(SECRET, telegram.privateTextUpdateJson(ALICE, "Alice", "en", "with the secret"))).isEqualTo(200);
        awaitAnswers("You said: with the secret");
        assertThat(bot.openai.requests()).as("only the update with the secret reached the model")
                .extracting(ReceivedRequest::lastUserMessage).containsExactly("with the secret");
        assertThat(telegram.botMessages(ALICE)).as("only the update with the secret was answered").hasSize(1);
    }
}
