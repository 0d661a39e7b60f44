package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.core.engine.EngineSettings;
import dev.chatbot.testsupport.FakeOpenAiServer;
import dev.chatbot.testsupport.FakeTelegramServer;
import dev.chatbot.testsupport.FakeTelegramServer.SentMessage;
import dev.chatbot.testsupport.ReceivedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /model, /models and /system end to end: the Spring app with fake Telegram, OpenAI, Anthropic and
 * Gemini servers and the real Redis. The default model is OpenAI's; the others come from the
 * built-in list and, in the group test, from a BOT_CONFIG file.
 */
class ModelSwitchingTests {

    static final long ALICE = 111;
    static final long BOB = 222;
    static final long GROUP = -1009876543210L;
    static final Duration WAIT = Duration.ofSeconds(15);

    RunningBot bot;
    FakeTelegramServer telegram;
    FakeOpenAiServer relay;

    @TempDir
    Path dir;

    void start() {
        bot = new RunningBot().start();
        telegram = bot.telegram;
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    void awaitBotText(long chatId, int index, String text) {
        telegram.await(WAIT, "bot message #" + index + " in " + chatId + " to read: " + text,
                t -> t.botMessages(chatId).size() > index && t.botMessages(chatId).get(index).text().equals(text));
    }

    SentMessage awaitBotMessage(long chatId, int index) {
        telegram.await(WAIT, "bot message #" + index + " in " + chatId, t -> t.botMessages(chatId).size() > index);
        return telegram.botMessages(chatId).get(index);
    }

    @Test
    void the_model_keyboard_switches_this_chat_to_another_provider_and_other_chats_keep_theirs() {
        start();
        telegram.privateText(ALICE, "Alice", "en", "/model");
        SentMessage keyboard = awaitBotMessage(ALICE, 0);
        assertThat(keyboard.text()).isEqualTo("This chat uses gpt-4o-mini (openai). Tap a model to switch, or send /model <id>.");
        assertThat(telegram.buttonLabels(ALICE, keyboard.messageId()))
                .contains("\u2713 gpt-4o-mini", "claude-haiku-4-5", "claude-sonnet-4-5", "gemini-2.5-flash");

        telegram.pressButton(ALICE, keyboard.messageId(), ALICE, "Alice", "en", "claude-sonnet-4-5");
        awaitBotText(ALICE, 1, "Done! This chat now uses claude-sonnet-4-5 (anthropic).");
        telegram.await(WAIT, "answerCallbackQuery", t -> !t.calls("answerCallbackQuery").isEmpty());

        telegram.privateText(ALICE, "Alice", "en", "Ahoy?");
        awaitBotText(ALICE, 2, "You said: Ahoy?");
        assertThat(bot.anthropic.requests()).hasSize(1);
        assertThat(bot.anthropic.requests().getFirst().model()).isEqualTo("claude-sonnet-4-5");
        assertThat(bot.anthropic.requests().getFirst().body().path("max_tokens").asInt()).isEqualTo(8192);

        telegram.privateText(BOB, "Bob", "en", "And me?");
        awaitBotText(BOB, 0, "You said: And me?");
        assertThat(bot.openai.requests()).hasSize(1);
        assertThat(bot.openai.requests().getFirst().body().path("model").asString()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void a_typed_model_id_switches_the_chat_keeps_its_history_and_survives_a_restart() {
        start();
        telegram.privateText(ALICE, "Alice", "en", "Remember 42.");
        awaitBotText(ALICE, 0, "You said: Remember 42.");
        telegram.privateText(ALICE, "Alice", "en", "/model Gemini-2.5-Flash");
        awaitBotText(ALICE, 1, "Done! This chat now uses gemini-2.5-flash (gemini).");

        bot.restart();

        telegram.privateText(ALICE, "Alice", "en", "Which number?");
        awaitBotText(ALICE, 2, "You said: Which number?");
        assertThat(bot.gemini.requests()).hasSize(1);
        assertThat(bot.gemini.requests().getFirst().path()).startsWith("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
        assertThat(bot.gemini.requests().getFirst().messages()).containsSubsequence(
                "user: Remember 42.", "assistant: You said: Remember 42.", "user: Which number?");
        assertThat(bot.openai.requests()).hasSize(1);

        telegram.privateText(ALICE, "Alice", "en", "/model");
        SentMessage keyboard = awaitBotMessage(ALICE, 3);
        assertThat(telegram.buttonLabels(ALICE, keyboard.messageId())).contains("\u2713 gemini-2.5-flash", "gpt-4o-mini");
    }

    @Test
    void an_unknown_model_gets_the_closest_ids_and_changes_nothing() {
        start();
        telegram.privateText(ALICE, "Alice", "en", "/model gemini-2.5-flsh");
        SentMessage answer = awaitBotMessage(ALICE, 0);
        assertThat(answer.text()).startsWith("I don't know the model \"gemini-2.5-flsh\". Did you mean: gemini-2.5-flash")
                .endsWith("Send /models to see the models you can use.");

        telegram.privateText(ALICE, "Alice", "en", "still there?");
        awaitBotText(ALICE, 1, "You said: still there?");
        assertThat(bot.openai.requests()).hasSize(1);
        assertThat(bot.gemini.requests()).isEmpty();
    }

    @Test
    void models_lists_each_model_with_provider_context_and_price() {
        start();
        telegram.privateText(ALICE, "Alice", "en", "/models");
        SentMessage list = awaitBotMessage(ALICE, 0);
        assertThat(list.text()).startsWith("Models you can use (\u2713 = this chat's):")
                .contains("\u2713 gpt-4o-mini \u2014 openai, 33k context")
                .contains("\u2022 claude-haiku-4-5 \u2014 anthropic, 200k context, $1 / $5 per 1M tokens in / out")
                .contains("\u2022 gemini-2.5-flash \u2014 gemini, 1M context, $0.3 / $2.5 per 1M tokens in / out");
    }

    @Test
    void system_sets_the_persona_the_model_receives_and_reset_restores_the_default() {
        start();
        telegram.privateText(ALICE, "Alice", "en", "/system You are a pirate. Answer like one.");
        awaitBotText(ALICE, 0, "Got it! From now on I'll follow this persona in this chat.");
        telegram.privateText(ALICE, "Alice", "en", "Hello");
        awaitBotText(ALICE, 1, "You said: Hello");
        assertThat(bot.openai.requests().getFirst().messages())
                .containsExactly("system: You are a pirate. Answer like one.", "user: Hello");

        telegram.privateText(ALICE, "Alice", "en", "/system");
        awaitBotText(ALICE, 2, "This chat's persona:\nYou are a pirate. Answer like one.\n\n"
                + "Change it with /system <text>, or go back to the default with /system reset.");

        telegram.privateText(ALICE, "Alice", "en", "/model claude-haiku-4-5");
        awaitBotText(ALICE, 3, "Done! This chat now uses claude-haiku-4-5 (anthropic).");
        telegram.privateText(ALICE, "Alice", "en", "Arr?");
        awaitBotText(ALICE, 4, "You said: Arr?");
        assertThat(bot.anthropic.requests().getFirst().system()).isEqualTo("You are a pirate. Answer like one.");

        telegram.privateText(ALICE, "Alice", "en", "/system reset");
        awaitBotText(ALICE, 5, "Done, I'm back to the default persona.");
        telegram.privateText(ALICE, "Alice", "en", "Normal again?");
        awaitBotText(ALICE, 6, "You said: Normal again?");
        assertThat(bot.anthropic.requests().get(1).system()).isEqualTo(EngineSettings.DEFAULT_SYSTEM_PROMPT);
    }

    @Test
    void in_a_group_anyone_may_switch_but_only_to_models_they_may_use() throws IOException {
        relay = new FakeOpenAiServer();
        Path config = dir.resolve("bot.yml");
        Files.writeString(config, """
                providers:
                  - name: relay
                    type: openai
                    base-url: %s
                    api-key: sk-relay-key
                    stream-options: false
                    headers:
                      X-Title: Friends bot
                models:
                  - id: relay/big-model
                    access: admins
                  - id: relay/small-model
                """.formatted(relay.baseUrl()));
        bot = new RunningBot().with("bot.config", config.toString()).with("bot.admins", "telegram:" + BOB).start();
        telegram = bot.telegram;
        String mention = "@" + FakeTelegramServer.BOT_USERNAME + " ";

        telegram.groupText(GROUP, ALICE, "Alice", "/models");
        SentMessage aliceList = awaitBotMessage(GROUP, 0);
        assertThat(aliceList.text()).contains("relay/small-model").doesNotContain("relay/big-model");

        telegram.groupText(GROUP, ALICE, "Alice", "/model relay/big-model");
        awaitBotText(GROUP, 1, "Sorry, relay/big-model is not available to you. Send /models to see the models you can use.");

        telegram.groupText(GROUP, BOB, "Bob", "/model");
        SentMessage keyboard = awaitBotMessage(GROUP, 2);
        assertThat(telegram.buttonLabels(GROUP, keyboard.messageId())).contains("relay/big-model", "relay/small-model");
        telegram.pressButton(GROUP, keyboard.messageId(), ALICE, "Alice", "en", "relay/big-model");
        awaitBotText(GROUP, 3, "Sorry, relay/big-model is not available to you. Send /models to see the models you can use.");

        telegram.pressButton(GROUP, keyboard.messageId(), BOB, "Bob", "en", "relay/big-model");
        awaitBotText(GROUP, 4, "Done! This chat now uses relay/big-model (relay).");

        telegram.groupText(GROUP, ALICE, "Alice", mention + "what now?");
        awaitBotText(GROUP, 5, "You said: [Alice] what now?");
        ReceivedRequest sent = relay.requests().getFirst();
        assertThat(sent.body().path("model").asString()).isEqualTo("big-model");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer sk-relay-key");
        assertThat(sent.header("X-Title")).isEqualTo("Friends bot");
        assertThat(sent.body().has("stream_options")).as("this relay rejects stream_options").isFalse();
        assertThat(bot.openai.requests()).isEmpty();
    }

    @Test
    void button_data_that_is_no_command_is_acknowledged_and_ignored() {
        start();
        telegram.privateText(ALICE, "Alice", "en", "/model");
        SentMessage keyboard = awaitBotMessage(ALICE, 0);
        telegram.callbackQuery(ALICE, keyboard.messageId(), ALICE, "Alice", "en", "what is 2+2?");
        telegram.await(WAIT, "answerCallbackQuery", t -> !t.calls("answerCallbackQuery").isEmpty());
        // a message after the button press is answered after anything the press started in this chat
        telegram.privateText(ALICE, "Alice", "en", "and now?");
        awaitBotText(ALICE, 1, "You said: and now?");
        assertThat(telegram.botMessages(ALICE)).as("the keyboard, then the answer to the next message").hasSize(2);
        assertThat(bot.openai.requests()).as("the button data never reached the model")
                .extracting(ReceivedRequest::lastUserMessage).containsExactly("and now?");
    }

    @Test
    void the_new_commands_are_in_the_menu_and_in_help_and_button_presses_are_polled() {
        start();
        telegram.await(WAIT, "setMyCommands", t -> !t.calls("setMyCommands").isEmpty());
        assertThat(telegram.calls("setMyCommands").getFirst().body().path("commands").toString())
                .contains("\"model\"", "\"models\"", "\"system\"");
        telegram.await(WAIT, "getUpdates", t -> !t.calls("getUpdates").isEmpty());
        assertThat(telegram.calls("getUpdates").getFirst().body().path("allowed_updates").toString())
                .contains("message", "callback_query");

        telegram.privateText(ALICE, "Alice", "en", "/help");
        assertThat(awaitBotMessage(ALICE, 0).text()).contains("/model", "/models", "/system <text>");
        telegram.privateText(BOB, "Bob", "zh-hans", "/help");
        assertThat(awaitBotMessage(BOB, 0).text()).contains("/model \u2014 \u67e5\u770b\u6216\u5207\u6362", "/system");
        telegram.privateText(BOB, "Bob", "zh-hans", "/model gemini-2.5-pro");
        awaitBotText(BOB, 1, "\u597d\u7684\uff01\u672c\u804a\u5929\u73b0\u5728\u4f7f\u7528 gemini-2.5-pro\uff08gemini\uff09\u3002");
    }
}
