package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.redis.RedisConnection;
import dev.chatbot.core.redis.RedisKeys;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.FakeTelegramServer;
import dev.chatbot.testsupport.FakeTelegramServer.SentMessage;
import dev.chatbot.testsupport.TestRedis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An answer cut short by a crash or a deleted message goes on where it stopped, in one message. */
class AnswerRecoveryTests {

    static final long ALICE = 111;
    static final long GROUP = -1001234567890L;
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String[] TOKENS = {"One", " two", " three", " four", " five", " six", " seven", " eight", " nine", " ten."};
    static final String FULL = String.join("", TOKENS);

    static String mention(String text) {
        return "@" + FakeTelegramServer.BOT_USERNAME + " " + text;
    }

    @Test
    void after_kill_9_mid_answer_a_group_sees_its_partial_message_edited_to_the_full_answer_and_no_second_one()
            throws Exception {
        try (RunningBot bot = new RunningBot();
             RedisConnection redis = RedisConnection.connect(TestRedis.url(), Duration.ofSeconds(5))) {
            FakeTelegramServer telegram = bot.telegram;
            RedisKeys keys = new RedisKeys(bot.prefix);
            bot.openai.enqueue(Script.tokens(Duration.ofMillis(500), TOKENS));
            bot.startInChildJvm();

            long update = telegram.groupText(GROUP, ALICE, "Alice", mention("count to ten"));
            telegram.await(WAIT, "a partial answer shown", t -> t.botMessages(GROUP).size() == 1
                    && !t.botMessages(GROUP).getFirst().text().equals(FULL));
            int partial = telegram.botMessages(GROUP).getFirst().messageId();
            telegram.await(WAIT, "the partial message noted in the inbox record", t -> {
                Map<String, String> pending = redis.commands().hgetall(keys.pending("telegram")).toCompletableFuture().join();
                return pending.getOrDefault(Long.toString(update), "").contains("\"" + partial + "\"");
            });
            telegram.await(WAIT, "Telegram was told the update arrived", t -> t.confirmedOffset() > update);

            bot.killChildJvm();
            String cut = telegram.botMessages(GROUP).getFirst().text();
            assertThat(cut).as("the crash left a truncated message").isNotEqualTo(FULL);
            bot.openai.enqueue(Script.tokens(Duration.ofMillis(20), TOKENS));
            bot.startInChildJvm();

            telegram.await(WAIT, "the partial message edited to the full answer",
                    t -> t.botMessages(GROUP).getFirst().text().equals(FULL));
            // the chat's next question is answered after anything owed to the first one
            telegram.groupText(GROUP, ALICE, "Alice", mention("and now?"));
            telegram.await(WAIT, "the next answer", t -> t.botMessages(GROUP).size() == 2
                    && t.botMessages(GROUP).get(1).text().equals("You said: [Alice] and now?"));
            assertThat(telegram.botMessages(GROUP)).extracting(SentMessage::messageId)
                    .as("no second message for the first answer").containsExactly(partial,
                            telegram.botMessages(GROUP).get(1).messageId());
            telegram.await(WAIT, "both updates forgotten",
                    t -> redis.commands().hlen(keys.pending("telegram")).toCompletableFuture().join() == 0);
        }
    }

    @Test
    void when_the_user_deletes_the_growing_message_the_rest_of_the_answer_arrives_in_a_new_one() {
        try (RunningBot bot = new RunningBot().start()) {
            FakeTelegramServer telegram = bot.telegram;
            bot.openai.enqueue(Script.tokens(Duration.ofMillis(300), TOKENS));

            telegram.groupText(GROUP, ALICE, "Alice", mention("count to ten"));
            telegram.await(WAIT, "a partial answer shown", t -> t.botMessages(GROUP).size() == 1
                    && !t.botMessages(GROUP).getFirst().text().equals(FULL));
            int deleted = telegram.botMessages(GROUP).getFirst().messageId();
            telegram.deleteMessage(GROUP, deleted);

            telegram.await(WAIT, "the full answer in a new message",
                    t -> t.botMessages(GROUP).size() == 1 && t.botMessages(GROUP).getFirst().text().equals(FULL));
            assertThat(telegram.botMessages(GROUP).getFirst().messageId()).isNotEqualTo(deleted);
            assertThat(telegram.calls("editmessagetext", GROUP).stream()
                    .filter(c -> c.body().path("message_id").asInt() == deleted).count())
                    .as("the deleted message is given up at the first 'not found'")
                    .isLessThanOrEqualTo(1);
        }
    }
}
