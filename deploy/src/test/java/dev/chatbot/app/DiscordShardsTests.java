package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.testsupport.FakeDiscordServer;
import dev.chatbot.testsupport.FakeDiscordServer.SentMessage;
import dev.chatbot.testsupport.ReceivedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Discord's shards split over two replicas on one fake Discord (BOT_DISCORD_SHARDS): each replica
 * identifies with its own shard, the gateway sends each guild's events to the shard Discord would
 * ((guild_id >> 22) % 2), and each replica answers the messages of its guilds, exactly once.
 */
class DiscordShardsTests {

    static final String TOKEN = "discord-shards-token.not-real";
    static final String MENTION = "<@" + FakeDiscordServer.BOT_ID + "> ";
    static final long ALICE = 600_000_000_000_000_011L;
    /** On shard 0 of 2; {@link FakeDiscordServer#GUILD_ID} is on shard 1. */
    static final long SHARD0_GUILD = 800_000_000_004_294_305L;
    static final long SHARD0_CHANNEL = 810_000_000_000_000_101L;
    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void two_replicas_each_run_their_shard_and_answer_their_guilds_once() {
        assertThat((SHARD0_GUILD >> 22) % 2).isZero();
        assertThat((FakeDiscordServer.GUILD_ID >> 22) % 2).isOne();
        try (FakeDiscordServer discord = new FakeDiscordServer(TOKEN);
             RunningBot bot = new RunningBot()
                     .with("bot.discord.token", TOKEN)
                     .with("bot.discord.api-url", discord.apiUrl())
                     .with("bot.discord.gateway-url", discord.gatewayUrl())
                     .with("bot.discord.edit-interval", "150ms")
                     .with("bot.discord.ready-timeout", "20s")
                     .with("bot.discord.shards", "0-0/2")
                     .with("bot.replica.name", "replica-a")) {
            discord.addGuild(SHARD0_GUILD, SHARD0_CHANNEL);
            bot.start();
            assertThat(discord.identifiedShards()).containsExactly(List.of(0, 2));
            bot.startReplica("replica-b", Map.of("bot.discord.shards", "1-1/2"));
            assertThat(discord.identifiedShards()).containsExactly(List.of(0, 2), List.of(1, 2));

            for (int i = 0; i < 3; i++) {
                discord.guildMessageIn(SHARD0_GUILD, SHARD0_CHANNEL, ALICE, "Alice", MENTION + "zero " + i, true);
                discord.guildMessage(FakeDiscordServer.CHANNEL_ID, ALICE, "Alice", MENTION + "one " + i, true);
            }
            List<String> shard0 = List.of("You said: [Alice] zero 0", "You said: [Alice] zero 1", "You said: [Alice] zero 2");
            List<String> shard1 = List.of("You said: [Alice] one 0", "You said: [Alice] one 1", "You said: [Alice] one 2");
            discord.await(WAIT, "each guild answered by its shard's replica", d ->
                    texts(d.botMessages(SHARD0_CHANNEL)).equals(shard0)
                            && texts(d.botMessages(FakeDiscordServer.CHANNEL_ID)).equals(shard1));
            assertThat(bot.openai.requests().stream().map(ReceivedRequest::lastUserMessage).toList())
                    .as("one model call per message").hasSize(6).doesNotHaveDuplicates();
            assertThat(discord.identifiedShards()).as("no shard identified twice").hasSize(2);
        }
    }

    static List<String> texts(List<SentMessage> messages) {
        return messages.stream().map(SentMessage::content).toList();
    }
}
