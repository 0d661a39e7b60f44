package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.chat.ChatKey;
import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.FakeTelegramServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/** No message is lost to a crash, a redelivery or a Redis outage, and none is answered twice. */
class NothingLostTests {

    static final long ALICE = 111;
    static final Duration WAIT = Duration.ofSeconds(30);

    static void awaitBotText(FakeTelegramServer telegram, long chatId, int index, String text) {
        telegram.await(WAIT, "bot message #" + index + " in " + chatId + " to read: " + text,
                t -> t.botMessages(chatId).size() > index && t.botMessages(chatId).get(index).text().equals(text));
    }

    @Test
    void a_message_taken_but_not_answered_when_the_app_stopped_is_answered_once_after_the_restart() throws Exception {
        try (RunningBot bot = new RunningBot().with("bot.telegram.shutdown-grace", "0s").start()) {
            FakeTelegramServer telegram = bot.telegram;
            bot.openai.enqueue(Script.tokens(Duration.ofSeconds(60), "This answer never comes."));

            long update = telegram.privateText(ALICE, "Alice", "en", "Are you there?");
            telegram.await(WAIT, "the question reached the model", t -> bot.openai.requests().size() == 1);
            telegram.await(WAIT, "Telegram was told the update arrived", t -> t.confirmedOffset() > update);

            bot.restart(); // the provider still hangs: the app stops in the middle of the answer

            awaitBotText(telegram, ALICE, 0, "You said: Are you there?");
            // the chat's next message is answered after anything still owed to the first one
            telegram.privateText(ALICE, "Alice", "en", "And now?");
            awaitBotText(telegram, ALICE, 1, "You said: And now?");
            assertThat(telegram.botMessages(ALICE)).as("one answer to the question, one to the next message").hasSize(2);
            assertThat(bot.openai.requests()).as("the question twice (once per run), then the next message").hasSize(3);
            assertThat(telegram.timesServed(update)).as("Telegram did not deliver it again: Redis had it").isEqualTo(1);
            assertThat(bot.openai.requests().get(1).messages()).as("the abandoned answer left nothing in history")
                    .containsExactly(bot.openai.requests().get(1).messages().getFirst(), "user: Are you there?");
        }
    }

    @Test
    void an_update_telegram_delivers_again_after_a_crash_is_not_answered_twice() {
        try (RunningBot bot = new RunningBot().start()) {
            FakeTelegramServer telegram = bot.telegram;
            long update = telegram.privateText(ALICE, "Alice", "en", "Count me once");
            awaitBotText(telegram, ALICE, 0, "You said: Count me once");

            bot.stopApp();
            telegram.redeliverFrom(update); // as if the confirmation never reached Telegram
            bot.start();

            telegram.await(WAIT, "the update delivered again", t -> t.timesServed(update) == 2);
            telegram.privateText(ALICE, "Alice", "en", "And this?");
            awaitBotText(telegram, ALICE, 1, "You said: And this?");
            assertThat(telegram.botMessages(ALICE)).hasSize(2);
            assertThat(bot.openai.requests()).hasSize(2);
        }
    }

    @Test
    void an_answered_message_is_forgotten_as_soon_as_its_answer_is_shown_and_saved() {
        // a long pace: forgetting must not wait for the chat's next send slot after the final message
        try (RunningBot bot = new RunningBot().with("bot.telegram.private-edit-interval", "60s").start()) {
            FakeTelegramServer telegram = bot.telegram;
            RedisKeys keys = new RedisKeys(bot.prefix);
            var redis = bot.bean(RedisConnection.class).commands();

            telegram.privateText(ALICE, "Alice", "en", "Forget me soon");
            awaitBotText(telegram, ALICE, 0, "You said: Forget me soon");

            telegram.await(Duration.ofSeconds(10), "the answered update forgotten", t -> {
                try {
                    return redis.hlen(keys.pending("telegram")).get() == 0;
                } catch (Exception e) {
                    return false;
                }
            });
            assertThat(redis.lrange(keys.history(ChatKey.of("telegram", Long.toString(ALICE))), 0, -1).toCompletableFuture().join())
                    .as("saved before it was forgotten").hasSize(2);
        }
    }

    @Test
    void while_redis_is_away_chats_get_an_apology_and_service_resumes_when_it_is_back() throws Exception {
        int port = freePort();
        RedisServer redis = redisOn(port);
        redis.start();
        try (RunningBot bot = new RunningBot().with("bot.redis.url", "redis://127.0.0.1:" + port)
                .with("bot.redis.timeout", "2s").start()) {
            FakeTelegramServer telegram = bot.telegram;
            telegram.privateText(ALICE, "Alice", "en", "before");
            awaitBotText(telegram, ALICE, 0, "You said: before");

            redis.stop();
            telegram.privateText(ALICE, "Alice", "en", "during");
            awaitBotText(telegram, ALICE, 1, "Sorry, I can't reach my memory right now. Please try again in a minute.");

            redis = redisOn(port);
            redis.start();
            RedisConnection connection = bot.bean(RedisConnection.class);
            telegram.await(WAIT, "the app reconnected to Redis", t -> {
                try {
                    return "PONG".equals(connection.commands().ping().get());
                } catch (Exception e) {
                    return false;
                }
            });
            telegram.privateText(ALICE, "Alice", "en", "after");
            awaitBotText(telegram, ALICE, 2, "You said: after");
            assertThat(telegram.botMessages(ALICE)).hasSize(3);
        } finally {
            redis.stop();
        }
    }

    private static RedisServer redisOn(int port) throws IOException {
        return RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
