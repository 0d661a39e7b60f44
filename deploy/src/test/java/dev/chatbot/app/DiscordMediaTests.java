package dev.chatbot.app;

import static dev.chatbot.testsupport.FakeDiscordServer.CHANNEL_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeDiscordServer;
import dev.chatbot.testsupport.ReceivedRequest;
import dev.chatbot.testsupport.TestPictures;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Image attachments and voice messages on Discord through the whole app, downloaded from the (fake) CDN. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscordMediaTests {

    static final String TOKEN = "discord-test-token.not-real";
    static final long ALICE = 600_000_000_000_000_011L;
    static final Duration WAIT = Duration.ofSeconds(20);

    FakeDiscordServer discord;
    RunningBot bot;

    @BeforeAll
    void start() {
        discord = new FakeDiscordServer(TOKEN);
        bot = new RunningBot()
                .with("bot.discord.token", TOKEN)
                .with("bot.discord.api-url", discord.apiUrl())
                .with("bot.discord.gateway-url", discord.gatewayUrl())
                .with("bot.discord.guild-id", String.valueOf(FakeDiscordServer.GUILD_ID))
                .with("bot.discord.edit-interval", "150ms")
                .with("bot.discord.ready-timeout", "20s")
                .start();
    }

    @AfterAll
    void stop() {
        bot.close();
        discord.close();
    }

    boolean botSaid(String text) {
        return discord.botMessages(CHANNEL_ID).stream().anyMatch(m -> m.content().equals(text));
    }

    @Test
    void image_attachments_reach_the_model_scaled_and_as_one_question() {
        discord.guildImages(ALICE, "Alice", "<@" + FakeDiscordServer.BOT_ID + "> which is bigger?", "image/png",
                List.of(TestPictures.png(2400, 1600), TestPictures.png(300, 300)));
        discord.await(WAIT, "the answer", d -> botSaid("You said: [Alice] which is bigger?"));
        List<ReceivedRequest.Image> images = bot.openai.requests().getLast().images();
        assertThat(images).hasSize(2);
        assertThat(TestPictures.size(images.get(0).bytes())).containsExactly(1568, 1045);
        assertThat(TestPictures.size(images.get(1).bytes())).containsExactly(300, 300);
    }

    @Test
    void a_voice_message_in_a_dm_is_transcribed_and_answered() {
        String dm = FakeDiscordServer.dmChannel(ALICE);
        bot.openai.transcribeWith(t -> "hello from a Discord voice message");
        discord.voiceMessage(ALICE, "Alice", true, dev.chatbot.testsupport.TestRecordings.ogg(4000), 3.4);
        discord.await(WAIT, "the transcript and the answer", d -> d.botMessages(dm).stream()
                .anyMatch(m -> m.content().equals("You said: hello from a Discord voice message")));
        assertThat(discord.botMessages(dm).getFirst().content()).isEqualTo("\uD83C\uDFA4 \u201Chello from a Discord voice message\u201D");
        assertThat(bot.openai.transcriptions().getLast().fileName()).isEqualTo("voice.ogg");
    }

    @Test
    void the_image_slash_command_sends_the_drawing_as_an_attachment() {
        int before = discord.uploads().size();
        discord.slashCommand(CHANNEL_ID, ALICE, "Alice", "image", java.util.Map.of("args", "square a red fox"), false);
        discord.await(WAIT, "the drawing", d -> d.uploads().size() > before);
        FakeDiscordServer.Upload upload = discord.uploads().getLast();
        assertThat(upload.fileName()).isEqualTo("image.png");
        assertThat(upload.content()).isEqualTo("a red fox");
        assertThat(TestPictures.size(upload.bytes())).containsExactly(64, 64);
        assertThat(bot.openai.imageRequests().getLast().body().path("size").asString()).isEqualTo("1024x1024");
    }

    @Test
    void an_attachment_url_redirecting_to_a_private_address_is_refused_without_a_model_call() {
        int before = bot.openai.requests().size();
        discord.guildImageRedirectingTo(ALICE, "Alice", "<@" + FakeDiscordServer.BOT_ID + "> look",
                "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
        discord.await(WAIT, "the refusal",
                d -> botSaid("Sorry, I can't fetch that picture: its address points into a private network."));
        assertThat(bot.openai.requests()).hasSize(before);
    }
}
