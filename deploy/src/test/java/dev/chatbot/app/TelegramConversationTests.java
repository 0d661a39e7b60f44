package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.FakeTelegramServer;
import dev.chatbot.testsupport.FakeTelegramServer.SentMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bot end to end: Spring app, fake Telegram Bot API, fake OpenAI, real Redis. */
class TelegramConversationTests {

    static final long ALICE = 111;
    static final long BOB = 222;
    static final long GROUP = -1001234567890L;
    static final Duration WAIT = Duration.ofSeconds(15);

    RunningBot bot;
    FakeTelegramServer telegram;

    /** The bot each test runs against; a subclass may point it at another Redis. */
    RunningBot newBot() {
        return new RunningBot();
    }

    @BeforeEach
    void start() {
        bot = newBot().start();
        telegram = bot.telegram;
    }

    @AfterEach
    void stop() {
        bot.close();
    }

    void awaitBotText(long chatId, int index, String text) {
        telegram.await(WAIT, "bot message #" + index + " in " + chatId + " to read: " + text,
                t -> t.botMessages(chatId).size() > index && t.botMessages(chatId).get(index).text().equals(text));
    }

    @Test
    void registers_its_commands_at_start_up() {
        telegram.await(WAIT, "setMyCommands", t -> !t.calls("setMyCommands").isEmpty());
        assertThat(telegram.calls("setMyCommands").getFirst().body().path("commands").toString())
                .contains("\"ask\"", "\"new\"", "\"help\"", "\"start\"");
    }

    @Test
    void private_message_streams_as_drafts_then_arrives_as_one_message_with_the_exact_final_text() {
        bot.openai.enqueue(Script.tokens(Duration.ofMillis(80),
                "Hello", " there", ",", " friend", "!", " How", " are", " you", " today", "?"));

        telegram.privateText(ALICE, "Alice", "en", "Hi!");

        awaitBotText(ALICE, 0, "Hello there, friend! How are you today?");
        List<FakeTelegramServer.Call> drafts = telegram.calls("sendMessageDraft", ALICE);
        assertThat(drafts.size()).as("drafts while streaming").isGreaterThanOrEqualTo(2);
        assertThat(drafts).extracting(c -> c.body().path("draft_id").asInt()).as("one draft, animated")
                .containsOnly(drafts.getFirst().body().path("draft_id").asInt()).doesNotContain(0);
        for (int i = 1; i < drafts.size(); i++) {
            assertThat(drafts.get(i).text()).as("drafts grow").startsWith(drafts.get(i - 1).text());
        }
        // then exactly one message with the final text, after the last draft, and no edits at all
        List<FakeTelegramServer.Call> sends = telegram.calls("sendMessage", ALICE);
        assertThat(sends).extracting(FakeTelegramServer.Call::text).containsExactly("Hello there, friend! How are you today?");
        assertThat(sends.getFirst().atNanos()).isGreaterThan(drafts.getLast().atNanos());
        assertThat(telegram.calls("editMessageText")).isEmpty();
        assertThat(telegram.botMessages(ALICE)).hasSize(1);
    }

    @Test
    void a_group_answer_is_one_message_edited_in_place_to_the_exact_final_text() {
        bot.openai.enqueue(Script.tokens(Duration.ofMillis(120),
                "Lunch", " is", " at", " noon", ",", " in", " the", " usual", " place", "."));

        telegram.groupText(GROUP, ALICE, "Alice", "@" + FakeTelegramServer.BOT_USERNAME + " when is lunch?");

        awaitBotText(GROUP, 0, "Lunch is at noon, in the usual place.");
        List<SentMessage> sent = telegram.botMessages(GROUP);
        assertThat(sent).hasSize(1);
        assertThat(sent.getFirst().edits()).as("edits while streaming").isGreaterThanOrEqualTo(2);
        assertThat(telegram.calls("sendMessage", GROUP)).hasSize(1);
        assertThat(telegram.calls("sendMessageDraft")).as("no drafts in groups").isEmpty();
        // every edit changed the text: Telegram would refuse the others
        assertThat(telegram.calls("editMessageText", GROUP)).extracting(FakeTelegramServer.Call::text).doesNotHaveDuplicates();
    }

    @Test
    void a_user_with_a_chinese_client_gets_chinese_texts_and_a_chinese_command_menu() {
        telegram.privateText(BOB, "Bob", "zh-hans", "/new");
        awaitBotText(BOB, 0, "已开始新对话，之前的内容我已忘记。");
        telegram.privateText(BOB, "Bob", "zh", "/help");
        telegram.await(WAIT, "help", t -> t.botMessages(BOB).size() == 2);
        assertThat(telegram.botMessages(BOB).get(1).text()).startsWith("我能做这些：").contains("/new", "/ask");
        telegram.privateText(BOB, "Bob", "zh-CN", "/ask");
        telegram.await(WAIT, "ask usage", t -> t.botMessages(BOB).size() == 3);
        assertThat(telegram.botMessages(BOB).get(2).text()).startsWith("请在命令后写上问题");

        bot.openai.enqueue(Script.error(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":\"invalid_api_key\"}}",
                java.util.Map.of()));
        telegram.privateText(BOB, "Bob", "zh-hans", "你好");
        awaitBotText(BOB, 3, "AI 服务商（openai）拒绝了机器人的 API 密钥，请联系机器人管理员。");

        telegram.privateText(ALICE, "Alice", "en", "/new");
        awaitBotText(ALICE, 0, "Fresh start! I've forgotten our earlier conversation.");

        List<FakeTelegramServer.Call> menus = telegram.calls("setMyCommands");
        assertThat(menus).hasSize(2);
        FakeTelegramServer.Call english = menus.stream().filter(c -> !c.body().has("language_code")).findFirst().orElseThrow();
        FakeTelegramServer.Call chinese = menus.stream().filter(c -> c.body().path("language_code").asString("").equals("zh"))
                .findFirst().orElseThrow();
        assertThat(english.body().path("commands").toString()).contains("Start a fresh conversation");
        assertThat(chinese.body().path("commands").toString()).contains("\"new\"", "开始新对话", "\"ask\"", "\"help\"", "\"start\"");
    }

    @Test
    void group_chatter_not_addressed_to_the_bot_gets_no_answer_and_no_model_call() {
        telegram.groupText(GROUP, ALICE, "Alice", "anyone up for lunch?");
        telegram.groupText(GROUP, BOB, "Bob", "/help@some_other_bot");
        telegram.groupText(GROUP, ALICE, "Alice", "@" + FakeTelegramServer.BOT_USERNAME + " what is 2+2?");

        // the mention came after the chatter and a chat's updates are handled in order: once it is
        // answered, the chatter has been dealt with, and any answer to it would be here already
        awaitBotText(GROUP, 0, "You said: [Alice] what is 2+2?");
        assertThat(bot.openai.requests()).hasSize(1);
        assertThat(telegram.botMessages(GROUP)).hasSize(1);
    }

    @Test
    void in_groups_the_bot_answers_replies_to_it_and_ask_and_tells_speakers_apart() {
        telegram.groupText(GROUP, ALICE, "Alice", "/ask@" + FakeTelegramServer.BOT_USERNAME + " who am I?");
        awaitBotText(GROUP, 0, "You said: [Alice] who am I?");
        int answerId = telegram.botMessages(GROUP).getFirst().messageId();

        telegram.groupReplyToBot(GROUP, BOB, "Bob", answerId, "and me?");
        awaitBotText(GROUP, 1, "You said: [Bob] and me?");

        List<String> second = bot.openai.requests().get(1).messages();
        assertThat(second.getFirst()).startsWith("system: ").contains("group chat");
        assertThat(second.subList(1, second.size())).containsExactly(
                "user: [Alice] who am I?", "assistant: You said: [Alice] who am I?", "user: [Bob] and me?");
        assertThat(telegram.botMessages(GROUP).get(1).replyTo()).as("answers reply to the question").isNotNull();
    }

    @Test
    void the_second_request_carries_the_first_exchange_and_new_clears_it() {
        telegram.privateText(ALICE, "Alice", "en", "My name is Alice.");
        awaitBotText(ALICE, 0, "You said: My name is Alice.");
        telegram.privateText(ALICE, "Alice", "en", "What is my name?");
        awaitBotText(ALICE, 1, "You said: What is my name?");

        assertThat(bot.openai.requests().get(1).messages()).containsSubsequence(
                "user: My name is Alice.", "assistant: You said: My name is Alice.", "user: What is my name?");

        telegram.privateText(ALICE, "Alice", "en", "/new");
        awaitBotText(ALICE, 2, "Fresh start! I've forgotten our earlier conversation.");
        telegram.privateText(ALICE, "Alice", "en", "Who am I?");
        awaitBotText(ALICE, 3, "You said: Who am I?");

        List<String> third = bot.openai.requests().get(2).messages();
        assertThat(third).hasSize(2);
        assertThat(third.get(1)).isEqualTo("user: Who am I?");
    }

    @Test
    void history_survives_a_restart_of_the_app() {
        telegram.privateText(ALICE, "Alice", "en", "Remember the number 42.");
        awaitBotText(ALICE, 0, "You said: Remember the number 42.");

        bot.restart();

        telegram.privateText(ALICE, "Alice", "en", "Which number?");
        awaitBotText(ALICE, 1, "You said: Which number?");
        assertThat(bot.openai.requests().get(1).messages()).containsSubsequence(
                "user: Remember the number 42.", "assistant: You said: Remember the number 42.", "user: Which number?");
    }

    @Test
    void two_messages_sent_at_once_in_one_chat_are_answered_in_order() {
        bot.openai.enqueue(Script.tokens(Duration.ofMillis(100), "First", " answer", " is", " slow", "."));
        bot.openai.enqueue(Script.tokens(Duration.ofMillis(1), "Second", " answer", "."));

        telegram.privateText(ALICE, "Alice", "en", "one");
        telegram.privateText(ALICE, "Alice", "en", "two");

        awaitBotText(ALICE, 1, "Second answer.");
        assertThat(telegram.botMessages(ALICE).getFirst().text()).isEqualTo("First answer is slow.");
        // the second question went to the model only after the first answer was in history
        assertThat(bot.openai.requests().get(1).messages()).containsSubsequence(
                "user: one", "assistant: First answer is slow.", "user: two");
    }

    @Test
    void a_slow_answer_in_one_chat_does_not_delay_another_chat() {
        bot.openai.respondWith(r -> r.lastUserMessage().equals("slow")
                ? Script.tokens(Duration.ofSeconds(1), "a", "b", "c", "d")
                : Script.tokens(Duration.ZERO, "quick"));
        telegram.privateText(ALICE, "Alice", "en", "slow");
        telegram.await(WAIT, "slow request reached the model", t -> !bot.openai.requests().isEmpty());
        telegram.privateText(BOB, "Bob", "en", "fast");

        awaitBotText(BOB, 0, "quick");
        assertThat(telegram.botMessages(ALICE).stream().map(SentMessage::text)).doesNotContain("abcd");
        awaitBotText(ALICE, 0, "abcd");
    }

    @Test
    void stickers_get_a_note_that_only_text_is_understood_in_the_users_language() {
        telegram.privateSticker(ALICE, "Alice", "en");
        awaitBotText(ALICE, 0, "Sorry, I can't read that kind of message. Send me text or a photo.");
        telegram.privateSticker(BOB, "Bob", "zh-hans");
        awaitBotText(BOB, 0, "抱歉，这类消息我读不懂。请发文字或照片给我。");
        assertThat(bot.openai.requests()).isEmpty();
    }

    @Test
    void unknown_commands_get_help_and_ask_without_text_gets_its_usage() {
        telegram.privateText(ALICE, "Alice", "en", "/frobnicate");
        telegram.await(WAIT, "help", t -> t.botMessages(ALICE).size() == 1);
        assertThat(telegram.botMessages(ALICE).getFirst().text()).startsWith("I don't know the command /frobnicate.")
                .contains("/new", "/ask");
        telegram.privateText(ALICE, "Alice", "en", "/ask");
        telegram.await(WAIT, "ask usage", t -> t.botMessages(ALICE).size() == 2);
        assertThat(telegram.botMessages(ALICE).get(1).text()).startsWith("Please put your question after the command");
        assertThat(bot.openai.requests()).isEmpty();
    }

    @Test
    void a_provider_error_becomes_a_clear_message_and_the_bot_keeps_running() {
        bot.openai.enqueue(Script.error(401,
                "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}",
                java.util.Map.of()));
        telegram.privateText(ALICE, "Alice", "en", "hello?");
        awaitBotText(ALICE, 0, "The AI provider (openai) rejected the bot's API key. Please tell the bot's admin.");
        // a provider that stays down: every retry fails too
        bot.openai.respondWith(r -> Script.error(500,
                "{\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\"}}",
                java.util.Map.of()));
        telegram.privateText(ALICE, "Alice", "en", "hello again?");
        awaitBotText(ALICE, 1, "The AI provider (openai) is unavailable right now. Please try again in a minute.");
        bot.openai.respondWith(r -> Script.text("You said: " + r.lastUserMessage(), Duration.ofMillis(5)));
        telegram.privateText(ALICE, "Alice", "en", "third time");
        awaitBotText(ALICE, 2, "You said: third time");
    }

    @Test
    void a_message_too_long_for_the_model_is_refused_politely_without_a_model_call() {
        String huge = "word ".repeat(40_000);
        telegram.privateText(ALICE, "Alice", "en", huge);
        telegram.await(WAIT, "refusal", t -> t.botMessages(ALICE).size() == 1);
        assertThat(telegram.botMessages(ALICE).getFirst().text()).startsWith("Your message is too long for this model");
        assertThat(bot.openai.requests()).isEmpty();
    }
}
