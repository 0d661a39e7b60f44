package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.FakeTelegramServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /stop, /retry and provider hiccups, end to end through the Telegram fake. */
class StopAndRetryTests {

    static final long ALICE = 111;
    static final Duration WAIT = Duration.ofSeconds(15);

    RunningBot bot;
    FakeTelegramServer telegram;

    @BeforeEach
    void start() {
        bot = new RunningBot().with("bot.resilience.initial-backoff", "50ms").start();
        telegram = bot.telegram;
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    void awaitBotText(int index, String text) {
        telegram.await(WAIT, "bot message #" + index + " to read: " + text,
                t -> t.botMessages(ALICE).size() > index && t.botMessages(ALICE).get(index).text().equals(text));
    }

    @Test
    void stop_closes_the_upstream_stream_at_once_and_keeps_the_partial_answer() {
        String[] tokens = new String[200];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = "word" + i + " ";
        }
        bot.openai.enqueue(Script.tokens(Duration.ofMillis(50), tokens));
        telegram.privateText(ALICE, "Alice", "en", "Tell me a long story");
        // a private chat sees the answer grow as drafts
        telegram.await(WAIT, "the answer well under way",
                t -> t.calls("sendMessageDraft").stream().anyMatch(c -> c.text().contains("word3")));

        long sent = System.nanoTime();
        telegram.privateText(ALICE, "Alice", "en", "/stop");
        telegram.await(Duration.ofSeconds(5), "the fake saw the disconnect", t -> bot.openai.disconnects() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(2));

        telegram.await(WAIT, "the answer marked stopped", t -> t.botMessages(ALICE).getFirst().text().endsWith("⏹ Stopped."));
        String shown = telegram.botMessages(ALICE).getFirst().text();
        assertThat(shown).startsWith("word0 word1 ").doesNotContain("word199");

        telegram.privateText(ALICE, "Alice", "en", "go on");
        telegram.await(WAIT, "second answer", t -> t.botMessages(ALICE).size() == 2);
        assertThat(bot.openai.requests().get(1).messages())
                .anySatisfy(m -> assertThat(m).startsWith("assistant: word0 ").endsWith("[answer stopped by the user]"));
    }

    @Test
    void stop_with_nothing_running_says_so() {
        telegram.privateText(ALICE, "Alice", "en", "/stop");
        awaitBotText(0, "There is no answer to stop right now.");
    }

    @Test
    void retry_asks_the_same_last_question_again_and_replaces_the_answer() {
        bot.openai.enqueue(Script.text("A dull answer.", Duration.ZERO));
        bot.openai.enqueue(Script.text("A better answer.", Duration.ZERO));
        telegram.privateText(ALICE, "Alice", "en", "What is Redis?");
        awaitBotText(0, "A dull answer.");

        telegram.privateText(ALICE, "Alice", "en", "/retry");
        awaitBotText(1, "A better answer.");
        assertThat(bot.openai.requests().get(1).messages()).containsExactlyElementsOf(bot.openai.requests().get(0).messages());

        telegram.privateText(ALICE, "Alice", "en", "thanks");
        awaitBotText(2, "You said: thanks");
        assertThat(bot.openai.requests().get(2).messages()).containsSubsequence(
                "user: What is Redis?", "assistant: A better answer.", "user: thanks");
        assertThat(bot.openai.requests().get(2).messages()).doesNotContain("assistant: A dull answer.");
    }

    @Test
    void retry_in_a_new_chat_says_there_is_nothing_to_retry() {
        telegram.privateText(ALICE, "Alice", "en", "/retry");
        awaitBotText(0, "There is no earlier question in this chat to ask again.");
        assertThat(bot.openai.requests()).isEmpty();
    }

    @Test
    void a_server_error_then_success_shows_the_answer_once() {
        bot.openai.enqueue(Script.error(500, "{\"error\":{\"message\":\"server error\",\"type\":\"server_error\"}}", Map.of()));
        bot.openai.enqueue(Script.tokens(Duration.ofMillis(30), "Recovered", " just", " fine", "."));
        telegram.privateText(ALICE, "Alice", "en", "hello");
        awaitBotText(0, "Recovered just fine.");
        assertThat(telegram.botMessages(ALICE)).hasSize(1);
        assertThat(bot.openai.requests()).hasSize(2);
    }

    @Test
    void a_stream_broken_midway_keeps_what_was_shown_and_says_it_was_interrupted() {
        bot.openai.enqueue(Script.tokens(Duration.ofMillis(20), "Half", " of", " an", " answer", " and", " more").cutAfter(4));
        telegram.privateText(ALICE, "Alice", "en", "hello");
        awaitBotText(0, "Half of an answer\n\n⚠️ The answer from openai was interrupted.");
        assertThat(bot.openai.requests()).as("not retried: text was already shown").hasSize(1);
    }
}
