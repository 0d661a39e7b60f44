package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeDiscordServer;
import dev.chatbot.testsupport.FakeDiscordServer.SentMessage;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A redeploy in the middle of a Discord answer: the inbox answers it after the restart, once, in the same message. */
class DiscordRestartTests {

    static final String TOKEN = "discord-restart-token.not-real";
    static final long ALICE = 600_000_000_000_000_011L;
    static final Duration WAIT = Duration.ofSeconds(20);

    final FakeDiscordServer discord = new FakeDiscordServer(TOKEN);
    RunningBot bot;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        discord.close();
    }

    @Test
    void an_answer_cut_by_a_restart_is_given_after_it() {
        bot = new RunningBot()
                .with("bot.discord.token", TOKEN)
                .with("bot.discord.api-url", discord.apiUrl())
                .with("bot.discord.gateway-url", discord.gatewayUrl())
                .with("bot.discord.edit-interval", "150ms")
                .with("bot.discord.shutdown-grace", "0s")
                .start();
        String[] slow = new String[100];
        for (int i = 0; i < slow.length; i++) {
            slow[i] = "slow" + i + " ";
        }
        bot.openai.enqueue(Script.tokens(Duration.ofMillis(100), slow));
        bot.openai.enqueue(Script.text("The whole answer, after the restart.", Duration.ZERO));
        String channel = FakeDiscordServer.dmChannel(ALICE);
        discord.directMessage(ALICE, "Alice", "a question cut short");
        discord.await(WAIT, "the first answer under way", d -> !d.botMessages(channel).isEmpty()
                && d.botMessages(channel).getFirst().content().contains("slow2"));

        bot.restart();
        discord.await(WAIT, "the answer given after the restart", d -> d.botMessages(channel).stream()
                .anyMatch(m -> m.content().equals("The whole answer, after the restart.")));
        assertThat(discord.identifies()).as("a new gateway session").isEqualTo(2);
        List<SentMessage> answers = discord.botMessages(channel);
        assertThat(answers).as("the message the first run began is continued, not doubled").hasSize(1);
        assertThat(bot.openai.requests()).hasSize(2);
        assertThat(bot.openai.requests().get(1).messages()).last().isEqualTo("user: a question cut short");
    }
}
