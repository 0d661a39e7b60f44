package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeTelegramServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * One update telegrambots cannot read (as a proxy or a local Bot API server may hand out) is
 * logged and skipped; it never stops the chat stream, and it is not fetched again.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnreadableUpdateTests {

    static final long ALICE = 111;
    static final Duration WAIT = Duration.ofSeconds(30);
    /** A message whose date is no number: telegrambots cannot map it. */
    static final String BAD_DATE = "{\"message\":{\"message_id\":1,\"date\":\"yesterday\","
            + "\"chat\":{\"id\":111,\"type\":\"private\"},\"text\":\"unreadable\"}}";

    static void awaitAnswer(FakeTelegramServer telegram, String text) {
        telegram.await(WAIT, "the answer '" + text + "'",
                t -> t.botMessages(ALICE).stream().anyMatch(m -> m.text().equals(text)));
    }

    @Test
    void an_unreadable_update_amid_a_batch_or_at_its_end_is_skipped_and_the_chat_goes_on(CapturedOutput output) {
        try (RunningBot bot = new RunningBot()) {
            FakeTelegramServer telegram = bot.telegram;
            // queued before the bot polls: one batch with the unreadable update in the middle
            telegram.privateText(ALICE, "Alice", "en", "before");
            long middle = telegram.rawUpdate(BAD_DATE);
            telegram.privateText(ALICE, "Alice", "en", "after");
            bot.start();
            awaitAnswer(telegram, "You said: before");
            awaitAnswer(telegram, "You said: after");

            // alone, so the last of its batch: the offset must still move past it
            long last = telegram.rawUpdate(BAD_DATE);
            telegram.await(WAIT, "Telegram was told the unreadable update arrived", t -> t.confirmedOffset() > last);
            long polls = telegram.calls("getUpdates").size();
            telegram.privateText(ALICE, "Alice", "en", "still there?");
            awaitAnswer(telegram, "You said: still there?");
            telegram.await(WAIT, "two more polls", t -> t.calls("getUpdates").size() >= polls + 2);

            assertThat(telegram.timesServed(middle)).isEqualTo(1);
            assertThat(telegram.timesServed(last)).as("not fetched forever").isEqualTo(1);
            assertThat(output.getAll()).contains("Skipped Telegram update " + middle + " that cannot be read")
                    .contains("Skipped Telegram update " + last + " that cannot be read");
            assertThat(ReadinessTests.probe(bot, "/readiness").component("telegram")).isEqualTo("UP");
        }
    }

    @Test
    void an_update_id_beyond_an_int_as_the_last_of_its_batch_is_skipped_and_confirmed_with_a_long_offset(
            CapturedOutput output) {
        try (RunningBot bot = new RunningBot().start()) {
            FakeTelegramServer telegram = bot.telegram;
            telegram.privateText(ALICE, "Alice", "en", "hello");
            awaitAnswer(telegram, "You said: hello");

            long huge = telegram.rawUpdate("{\"update_id\":2147483653,\"message\":{\"message_id\":2,\"date\":1,"
                    + "\"chat\":{\"id\":111,\"type\":\"private\"},\"text\":\"too big\"}}");
            telegram.await(WAIT, "the offset moved past " + huge, t -> t.confirmedOffset() == huge + 1);
            long polls = telegram.calls("getUpdates").size();
            telegram.await(WAIT, "two more polls", t -> t.calls("getUpdates").size() >= polls + 2);

            assertThat(telegram.timesServed(huge)).as("not fetched forever").isEqualTo(1);
            assertThat(output.getAll()).contains("Skipped Telegram update 2147483653 that cannot be read")
                    .doesNotContain("out of range of int\n\tat");
            assertThat(ReadinessTests.probe(bot, "/readiness").component("telegram")).isEqualTo("UP");
        }
    }
}
