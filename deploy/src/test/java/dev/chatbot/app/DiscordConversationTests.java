package dev.chatbot.app;

import static dev.chatbot.testsupport.FakeDiscordServer.CHANNEL_ID;
import static dev.chatbot.testsupport.FakeDiscordServer.OTHER_CHANNEL_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeDiscordServer;
import dev.chatbot.testsupport.FakeDiscordServer.SentMessage;
import dev.chatbot.testsupport.FakeOpenAiServer;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Discord end to end: the app with JDA connected to a fake Discord (REST and a zlib-stream gateway),
 * a fake OpenAI and the real Redis, Telegram running beside it. One app for the class: each test
 * talks in its own channel or as its own user, and looks only at what it caused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class DiscordConversationTests {

    static final String TOKEN = "discord-test-token.not-real";
    static final long ALICE = 600_000_000_000_000_001L;
    static final long BOB = 600_000_000_000_000_002L;
    static final long CAROL = 600_000_000_000_000_003L;
    static final String MENTION = "<@" + FakeDiscordServer.BOT_ID + "> ";
    static final Duration WAIT = Duration.ofSeconds(15);

    FakeDiscordServer discord;
    FakeOpenAiServer relay;
    RunningBot bot;
    Path config;

    @BeforeAll
    void start() throws IOException {
        discord = new FakeDiscordServer(TOKEN);
        relay = new FakeOpenAiServer();
        config = Files.createTempFile("discord-bot", ".yml");
        Files.writeString(config, """
                providers:
                  - name: relay
                    type: openai
                    base-url: %s
                    api-key: sk-relay-key
                models:
                  - id: relay/big-model
                    access: admins
                  - id: relay/small-model
                  - id: relay/small-model-mini
                """.formatted(relay.baseUrl()));
        bot = new RunningBot()
                .with("bot.config", config.toString())
                .with("bot.admins", "discord:" + BOB)
                .with("bot.discord.token", TOKEN)
                .with("bot.discord.api-url", discord.apiUrl())
                .with("bot.discord.gateway-url", discord.gatewayUrl())
                .with("bot.discord.guild-id", String.valueOf(FakeDiscordServer.GUILD_ID))
                .with("bot.discord.edit-interval", "150ms")
                .with("bot.discord.ready-timeout", "20s")
                .start();
    }

    @AfterAll
    void stop() throws IOException {
        if (bot != null) {
            bot.close();
        }
        relay.close();
        discord.close();
        Files.deleteIfExists(config);
    }

    List<SentMessage> messages(long channel) {
        return discord.botMessages(channel);
    }

    List<SentMessage> messages(String channel) {
        return discord.botMessages(channel);
    }

    @Test
    void a_mention_is_answered_by_one_message_edited_in_place_to_the_exact_final_text() {
        int before = messages(CHANNEL_ID).size();
        int requests = bot.openai.requests().size();
        bot.openai.enqueue(Script.tokens(Duration.ofMillis(80), "Redis", " is", " an", " in-memory", " data", " store",
                " that", " keeps", " <@&123>", " @everyone", " fast."));
        String asked = discord.guildMessage(CHANNEL_ID, ALICE, "Alice", MENTION + "what is Redis?", true);
        String answer = "Redis is an in-memory data store that keeps <@&123> @everyone fast.";
        discord.await(WAIT, "the answer in full", d -> messages(CHANNEL_ID).size() > before
                && messages(CHANNEL_ID).get(before).content().equals(answer));

        SentMessage sent = messages(CHANNEL_ID).get(before);
        assertThat(sent.edits()).as("sent once, then edited as it grew").isGreaterThanOrEqualTo(2);
        assertThat(sent.replyTo()).isEqualTo(asked);
        assertThat(sent.allowedMentions().path("parse")).as("nothing the model writes pings anyone").isEmpty();
        assertThat(sent.allowedMentions().path("replied_user").asBoolean()).isFalse();
        assertThat(bot.openai.requests().get(requests).messages()).last().isEqualTo("user: [Alice] what is Redis?");

        // a resumed gateway session may deliver the message again: the inbox answers it once
        discord.redeliver(asked);
        discord.guildMessage(CHANNEL_ID, ALICE, "Alice", MENTION + "thanks", true);
        discord.await(WAIT, "the next answer", d -> messages(CHANNEL_ID).size() > before + 1
                && messages(CHANNEL_ID).get(before + 1).content().equals("You said: [Alice] thanks"));
        assertThat(messages(CHANNEL_ID)).hasSize(before + 2);
        assertThat(bot.openai.requests()).hasSize(requests + 2);
        assertThat(discord.calls("POST", "channels/\\d+/typing")).as("typing while waiting").isNotEmpty();
    }

    @Test
    void chatter_bots_and_stickers_get_no_model_call() {
        int before = messages(OTHER_CHANNEL_ID).size();
        int requests = bot.openai.requests().size() + relay.requests().size();
        discord.guildMessage(OTHER_CHANNEL_ID, ALICE, "Alice", "just chatting among ourselves", false);
        discord.botAuthoredMessage(555, "otherbot", MENTION + "hello bot");
        discord.botAuthoredMessage(FakeDiscordServer.BOT_ID, FakeDiscordServer.BOT_NAME, MENTION + "talking to myself");
        discord.guildSticker(ALICE, "Alice");
        discord.await(WAIT, "the note about text only", d -> messages(CHANNEL_ID).stream()
                .anyMatch(m -> m.content().equals("Sorry, I can't read that kind of message. Send me text or a photo.")));

        discord.guildMessage(OTHER_CHANNEL_ID, BOB, "Bob", MENTION + "are you there?", true);
        discord.await(WAIT, "the answer to the mention", d -> messages(OTHER_CHANNEL_ID).size() > before
                && messages(OTHER_CHANNEL_ID).get(before).content().equals("You said: [Bob] are you there?"));
        assertThat(bot.openai.requests().size() + relay.requests().size()).isEqualTo(requests + 1);
        assertThat(bot.openai.requests().getLast().messages()).noneMatch(m -> m.contains("chatting"));

        // a reply to one of the bot's messages needs no mention
        String answerId = messages(OTHER_CHANNEL_ID).get(before).id();
        discord.guildMessage(OTHER_CHANNEL_ID, ALICE, "Alice", "and you, Alice here?", false, answerId);
        discord.await(WAIT, "the answer to the reply", d -> messages(OTHER_CHANNEL_ID).size() > before + 1
                && messages(OTHER_CHANNEL_ID).get(before + 1).content().equals("You said: [Alice] and you, Alice here?"));
    }

    @Test
    void readiness_shows_discord_connected() throws Exception {
        java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + bot.port() + "/actuator/health/readiness")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"discord\":{\"details\":{\"detail\":\"shards 0/1 connected\"},\"status\":\"UP\"}");
    }

    @Test
    void a_thread_is_answered_in_the_thread_with_a_history_of_its_own() {
        long thread = FakeDiscordServer.THREAD_ID;
        discord.guildMessage(thread, ALICE, "Alice", MENTION + "first in the thread", true);
        discord.await(WAIT, "the answer in the thread", d -> !messages(thread).isEmpty()
                && messages(thread).getFirst().content().equals("You said: [Alice] first in the thread"));
        discord.guildMessage(thread, BOB, "Bob", MENTION + "second in the thread", true);
        discord.await(WAIT, "the second answer in the thread", d -> messages(thread).size() == 2
                && messages(thread).get(1).content().equals("You said: [Bob] second in the thread"));
        assertThat(bot.openai.requests().getLast().messages()).filteredOn(m -> m.startsWith("user: "))
                .as("the thread's history only").containsExactly("user: [Alice] first in the thread", "user: [Bob] second in the thread");
    }

    @Test
    void a_5000_character_answer_arrives_whole_in_three_messages() {
        String channel = FakeDiscordServer.dmChannel(ALICE);
        List<String> words = new ArrayList<>();
        for (int i = 0; words.stream().mapToInt(String::length).sum() < 5000; i++) {
            words.add((i == 0 ? "" : " ") + "word" + i);
        }
        String answer = String.join("", words).substring(0, 5000).strip();
        bot.openai.enqueue(Script.tokens(Duration.ZERO, answer.split("(?= )")));
        discord.directMessage(ALICE, "Alice", "tell me a long story");
        discord.await(WAIT, "three messages, the last ending the answer", d -> messages(channel).size() == 3
                && answer.endsWith(messages(channel).get(2).content().strip()));

        assertThat(messages(channel)).allSatisfy(m -> assertThat(m.content().length()).isLessThanOrEqualTo(2000));
        String joined = String.join("", messages(channel).stream().map(SentMessage::content).toList());
        assertThat(joined.replaceAll("\\s", "")).isEqualTo(answer.replaceAll("\\s", ""));
        assertThat(messages(channel).getFirst().replyTo()).as("a DM needs no reply reference").isNull();
    }

    @Test
    void slash_commands_are_registered_from_the_catalogue_globally_and_in_the_guild() {
        for (boolean guild : new boolean[] {false, true}) {
            JsonNode commands = discord.registeredCommands(guild);
            assertThat(commands).as(guild ? "guild commands" : "global commands").isNotNull();
            List<String> names = new ArrayList<>();
            commands.forEach(c -> names.add(c.path("name").asString()));
            assertThat(names).contains("chat", "model", "models", "stop", "retry", "help", "new", "ban", "limit");
            for (JsonNode c : commands) {
                boolean admin = List.of("ban", "unban", "limit", "unlimit", "stats").contains(c.path("name").asString());
                assertThat(c.path("default_member_permissions").isNull() || c.path("default_member_permissions").isMissingNode())
                        .as("/" + c.path("name").asString() + " shown to everyone").isEqualTo(!admin);
                if (admin) {
                    assertThat(c.path("default_member_permissions").asString()).isEqualTo("8");
                }
            }
            JsonNode model = commands.valueStream().filter(c -> c.path("name").asString().equals("model")).findFirst().orElseThrow();
            assertThat(model.path("options").get(0).path("autocomplete").asBoolean()).isTrue();
            assertThat(model.path("description_localizations").path("zh-CN").asString()).isNotBlank();
        }
    }

    @Test
    void chat_is_deferred_and_streamed_into_the_original_response() {
        bot.openai.enqueue(Script.tokens(Duration.ofMillis(80), "Deferred", " and", " then", " streamed", " into",
                " the", " original", " response."));
        String token = discord.slashCommand(CHANNEL_ID, ALICE, "Alice", "chat", Map.of("prompt", "stream please"), false);
        discord.await(WAIT, "the original response in full", d -> d.interactionMessages(token)
                .getOrDefault(FakeDiscordServer.ORIGINAL, emptyMessage()).content()
                .equals("Deferred and then streamed into the original response."));
        assertThat(discord.callbacks(token)).first().satisfies(c -> assertThat(c.path("type").asInt()).as("deferred").isEqualTo(5));
        SentMessage original = discord.interactionMessages(token).get(FakeDiscordServer.ORIGINAL);
        assertThat(original.edits()).as("edited as it grew").isGreaterThanOrEqualTo(1);
        assertThat(original.buttonIds()).containsExactly(ALICE + ":/retry");
        assertThat(bot.openai.requests().getLast().messages()).last().isEqualTo("user: [Alice] stream please");
    }

    /** The guild's second channel switches to the relay's model here; other tests there accept either provider. */
    @Test
    void model_autocomplete_offers_what_the_user_may_choose_and_the_choice_sets_the_next_model() {
        String typing = discord.autocomplete(ALICE, "Alice", "model", "model", "small");
        discord.await(WAIT, "the autocomplete answer", d -> !d.callbacks(typing).isEmpty());
        JsonNode answer = discord.callbacks(typing).getFirst();
        assertThat(answer.path("type").asInt()).isEqualTo(8);
        List<String> offered = new ArrayList<>();
        answer.path("data").path("choices").forEach(c -> offered.add(c.path("value").asString()));
        assertThat(offered).containsExactly("relay/small-model", "relay/small-model-mini");

        String everything = discord.autocomplete(ALICE, "Alice", "model", "model", "relay/");
        discord.await(WAIT, "the second autocomplete answer", d -> !d.callbacks(everything).isEmpty());
        List<String> all = new ArrayList<>();
        discord.callbacks(everything).getFirst().path("data").path("choices").forEach(c -> all.add(c.path("value").asString()));
        assertThat(all).as("an admins-only model is not offered to Alice").doesNotContain("relay/big-model").hasSize(2);

        String refused = discord.slashCommand(CHANNEL_ID, ALICE, "Alice", "model", Map.of("model", "relay/big-model"), false);
        discord.await(WAIT, "the refusal", d -> !d.callbacks(refused).isEmpty());
        JsonNode refusal = discord.callbacks(refused).getFirst();
        assertThat(refusal.path("data").path("flags").asInt() & 64).as("ephemeral").isEqualTo(64);
        assertThat(refusal.path("data").path("content").asString()).startsWith("Sorry, relay/big-model is not available to you.");

        String chosen = discord.slashCommand(OTHER_CHANNEL_ID, BOB, "Bob", "model", Map.of("model", "relay/small-model"), true);
        discord.await(WAIT, "the switch confirmed", d -> d.interactionMessages(chosen)
                .getOrDefault(FakeDiscordServer.ORIGINAL, emptyMessage()).content()
                .equals("Done! This chat now uses relay/small-model (relay)."));
        int before = messages(OTHER_CHANNEL_ID).size();
        int relayed = relay.requests().size();
        discord.guildMessage(OTHER_CHANNEL_ID, BOB, "Bob", MENTION + "which model?", true);
        discord.await(WAIT, "the relay's answer", d -> messages(OTHER_CHANNEL_ID).size() > before
                && messages(OTHER_CHANNEL_ID).get(before).content().equals("You said: [Bob] which model?"));
        assertThat(relay.requests()).hasSize(relayed + 1);
        assertThat(relay.requests().getLast().body().path("model").asString()).isEqualTo("small-model");
    }

    @Test
    void the_stop_button_closes_the_upstream_stream_and_only_the_asker_may_press_it() {
        String[] tokens = new String[200];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = "word" + i + " ";
        }
        int before = messages(CHANNEL_ID).size();
        int disconnects = bot.openai.disconnects();
        bot.openai.enqueue(Script.tokens(Duration.ofMillis(50), tokens));
        discord.guildMessage(CHANNEL_ID, BOB, "Bob", MENTION + "a long story please", true);
        discord.await(WAIT, "the answer growing with a Stop button", d -> messages(CHANNEL_ID).size() > before
                && messages(CHANNEL_ID).get(before).content().contains("word3")
                && messages(CHANNEL_ID).get(before).buttonIds().contains(BOB + ":/stop"));
        String messageId = messages(CHANNEL_ID).get(before).id();

        String notYours = discord.pressButton(ALICE, "Alice", messageId, BOB + ":/stop");
        discord.await(WAIT, "Alice's press refused", d -> !d.callbacks(notYours).isEmpty());
        assertThat(discord.callbacks(notYours).getFirst().path("data").path("flags").asInt() & 64).isEqualTo(64);

        String pressed = discord.pressButton(BOB, "Bob", messageId, BOB + ":/stop");
        discord.await(Duration.ofSeconds(5), "the upstream stream closed", d -> bot.openai.disconnects() == disconnects + 1);
        assertThat(discord.callbacks(pressed).getFirst().path("type").asInt()).as("acknowledged as an update").isEqualTo(6);
        discord.await(WAIT, "the answer marked stopped, with Retry", d -> {
            SentMessage m = d.botMessages(CHANNEL_ID).get(before);
            return m.content().endsWith("⏹ Stopped.") && m.buttonIds().equals(List.of(BOB + ":/retry"));
        });
        assertThat(messages(CHANNEL_ID).get(before).content()).doesNotContain("word199");

        bot.openai.enqueue(Script.text("A shorter story.", Duration.ZERO));
        String retried = discord.pressButton(BOB, "Bob", messageId, BOB + ":/retry");
        discord.await(WAIT, "the question asked again", d -> d.botMessages(CHANNEL_ID).size() > before + 1
                && d.botMessages(CHANNEL_ID).get(before + 1).content().equals("A shorter story."));
        assertThat(discord.callbacks(retried).getFirst().path("type").asInt()).isEqualTo(6);
        assertThat(bot.openai.requests().getLast().messages()).last().isEqualTo("user: [Bob] a long story please");
    }

    @Test
    void a_slash_stop_that_stops_an_answer_leaves_no_thinking_response_behind() {
        String dm = FakeDiscordServer.dmChannel(CAROL);
        String[] tokens = new String[200];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = "step" + i + " ";
        }
        int disconnects = bot.openai.disconnects();
        bot.openai.enqueue(Script.tokens(Duration.ofMillis(50), tokens));
        discord.directMessage(CAROL, "Carol", "count slowly");
        discord.await(WAIT, "the answer under way", d -> !d.botMessages(dm).isEmpty()
                && d.botMessages(dm).getFirst().content().contains("step3"));

        String stop = discord.directSlashCommand(CAROL, "Carol", "stop", Map.of());
        discord.await(Duration.ofSeconds(5), "the upstream stream closed", d -> bot.openai.disconnects() == disconnects + 1);
        discord.await(WAIT, "the deferred response removed", d -> d.originalDeleted(stop));
        assertThat(discord.callbacks(stop).getFirst().path("type").asInt()).isEqualTo(5);
        discord.await(WAIT, "the answer marked stopped", d -> d.botMessages(dm).getFirst().content().endsWith("⏹ Stopped."));
    }

    @Test
    void an_admin_command_from_a_non_admin_is_refused() {
        int banned = bot.openai.requests().size();
        String token = discord.slashCommand(CHANNEL_ID, ALICE, "Alice", "ban", Map.of("args", String.valueOf(BOB)), false);
        discord.await(WAIT, "the refusal", d -> d.interactionMessages(token)
                .getOrDefault(FakeDiscordServer.ORIGINAL, emptyMessage()).content()
                .equals("Sorry, only the bot's admins can do that."));
        assertThat(bot.openai.requests()).hasSize(banned);

        // typed after a mention, the same command meets the same check
        int before = messages(CHANNEL_ID).size();
        discord.guildMessage(CHANNEL_ID, ALICE, "Alice", MENTION + "/ban " + BOB, true);
        discord.await(WAIT, "the typed command refused", d -> messages(CHANNEL_ID).size() > before
                && messages(CHANNEL_ID).get(before).content().equals("Sorry, only the bot's admins can do that."));
        assertThat(bot.openai.requests()).hasSize(banned);
    }

    @Test
    void an_admin_without_server_permissions_can_run_admin_commands_in_a_dm() {
        String token = discord.directSlashCommand(BOB, "Bob", "stats", Map.of());
        discord.await(WAIT, "the stats", d -> !d.interactionMessages(token)
                .getOrDefault(FakeDiscordServer.ORIGINAL, emptyMessage()).content().isEmpty());
        assertThat(discord.interactionMessages(token).get(FakeDiscordServer.ORIGINAL).content())
                .isNotEqualTo("Sorry, only the bot's admins can do that.");
        String refused = discord.directSlashCommand(ALICE, "Alice", "stats", Map.of());
        discord.await(WAIT, "Alice refused", d -> d.interactionMessages(refused)
                .getOrDefault(FakeDiscordServer.ORIGINAL, emptyMessage()).content()
                .equals("Sorry, only the bot's admins can do that."));
    }

    @Test
    void a_channel_the_bot_may_not_write_in_is_logged_once_and_other_channels_carry_on(CapturedOutput output) {
        long locked = FakeDiscordServer.LOCKED_CHANNEL_ID;
        discord.forbid(locked);
        int before = messages(CHANNEL_ID).size();
        String pattern = "channels/" + locked + "/messages";
        discord.guildMessage(locked, ALICE, "Alice", MENTION + "anyone?", true);
        discord.await(WAIT, "the refused send", d -> d.calls("POST", pattern).size() == 1);
        RunningBot.awaitLog(output, "cannot write in channel " + locked);
        discord.guildMessage(locked, ALICE, "Alice", MENTION + "still nobody?", true);
        discord.await(WAIT, "the second refused send", d -> d.calls("POST", pattern).size() == 2);

        discord.guildMessage(CHANNEL_ID, ALICE, "Alice", MENTION + "here then", true);
        discord.await(WAIT, "the answer in the open channel", d -> messages(CHANNEL_ID).size() > before
                && messages(CHANNEL_ID).get(before).content().equals("You said: [Alice] here then"));
        assertThat(output.getAll().split("cannot write in channel " + locked, -1)).as("logged once").hasSize(2);
    }

    private static SentMessage emptyMessage() {
        return new SentMessage("", "", "", 0, null, null, null);
    }

    @Test
    void a_tool_call_runs_and_the_answer_follows_in_the_same_message() {
        int before = messages(OTHER_CHANNEL_ID).size();
        int requests = bot.openai.requests().size();
        bot.openai.enqueue(bot.openai.toolCalls(20, 5,
                new FakeOpenAiServer.ToolCallScript("call_t", "current_time", "{\"timezone\":\"UTC\"}")));
        bot.openai.enqueue(Script.text("It is late.", Duration.ofMillis(5)));
        discord.guildMessage(OTHER_CHANNEL_ID, CAROL, "Carol", MENTION + "what time is it?", true);
        discord.await(WAIT, "the answer after the tool", d -> messages(OTHER_CHANNEL_ID).size() > before
                && messages(OTHER_CHANNEL_ID).get(before).content().equals("It is late."));
        JsonNode tool = bot.openai.requests().get(requests + 1).body().path("messages").valueStream()
                .filter(m -> m.path("tool_call_id").asString("").equals("call_t")).findFirst().orElseThrow();
        assertThat(tool.path("content").asString()).contains("UTC");
    }
}
