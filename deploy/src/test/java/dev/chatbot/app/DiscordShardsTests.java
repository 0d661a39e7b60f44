package dev.chatbot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatbot.discord.DiscordBot;
import dev.chatbot.testsupport.FakeDiscordServer;
import dev.chatbot.testsupport.FakeDiscordServer.SentMessage;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import dev.chatbot.testsupport.ReceivedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Discord's shards split over two replicas on one fake Discord (BOT_DISCORD_SHARDS): each replica
 * identifies with its own shard, the gateway sends each guild's events to the shard Discord would
 * ((guild_id >> 22) % 2), and each replica answers the messages of its guilds, exactly once; an answer
 * cut short waits for its shard's replica; with auto/2 the replicas share the shards through leases.
 */
@ExtendWith(OutputCaptureExtension.class)
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

    /**
     * An answer cut short on the replica of shard 0 is not taken by a replica that starts beside it,
     * nor dropped by the replica of shard 1 (which cannot reach its channel) while shard 0's replica
     * is down: it waits, and shard 0's replica continues it when it is back.
     */
    @Test
    void an_answer_cut_short_waits_for_the_replica_of_its_shard(CapturedOutput output) {
        try (FakeDiscordServer discord = new FakeDiscordServer(TOKEN);
             RunningBot bot = new RunningBot()
                     .with("bot.discord.token", TOKEN)
                     .with("bot.discord.api-url", discord.apiUrl())
                     .with("bot.discord.gateway-url", discord.gatewayUrl())
                     .with("bot.discord.edit-interval", "150ms")
                     .with("bot.discord.ready-timeout", "20s")
                     .with("bot.discord.shutdown-grace", "0s")
                     .with("bot.discord.shards", "0-0/2")
                     .with("bot.replica.lease", "4s") // long enough that a stalled JVM on a busy machine keeps its turn locks
                     .with("logging.level.dev.chatbot.discord.DiscordBot", "debug")) {
            discord.addGuild(SHARD0_GUILD, SHARD0_CHANNEL);
            bot.start();
            String[] slow = new String[100];
            for (int i = 0; i < slow.length; i++) {
                slow[i] = "slow" + i + " ";
            }
            bot.openai.enqueue(Script.tokens(Duration.ofMillis(100), slow));
            bot.openai.enqueue(Script.text("The whole answer, after the restart.", Duration.ZERO));
            String event = discord.guildMessageIn(SHARD0_GUILD, SHARD0_CHANNEL, ALICE, "Alice", MENTION + "a question cut short", true);
            discord.await(WAIT, "the answer under way", d -> !d.botMessages(SHARD0_CHANNEL).isEmpty()
                    && d.botMessages(SHARD0_CHANNEL).getFirst().content().contains("slow2"));

            bot.startReplica("replica-b", Map.of("bot.discord.shards", "1-1/2"));
            bot.stopApp(); // shard 0's replica goes away mid-answer; its record stays
            RunningBot.awaitLog(output, "Leaving Discord event " + event + " to the replica that runs shard 0");

            bot.start();
            discord.await(WAIT, "the answer continued by shard 0's replica", d -> d.botMessages(SHARD0_CHANNEL).stream()
                    .anyMatch(m -> m.content().equals("The whole answer, after the restart.")));
            assertThat(discord.botMessages(SHARD0_CHANNEL)).as("the message begun is continued, not doubled").hasSize(1);
            assertThat(bot.openai.requests()).as("asked once before the stop and once after").hasSize(2);
        }
    }

    /**
     * BOT_DISCORD_SHARDS=auto/2: the replicas take the shards through leases in Redis; the first runs
     * both, gives one to the second when it comes, and when it dies (kill -9) the second takes its
     * shard within a lease and answers that guild.
     */
    @Test
    void auto_shards_split_over_the_replicas_and_a_dead_ones_shard_is_taken_over() throws Exception {
        try (FakeDiscordServer discord = new FakeDiscordServer(TOKEN);
             RunningBot bot = new RunningBot()
                     .with("bot.discord.token", TOKEN)
                     .with("bot.discord.api-url", discord.apiUrl())
                     .with("bot.discord.gateway-url", discord.gatewayUrl())
                     .with("bot.discord.edit-interval", "150ms")
                     .with("bot.discord.ready-timeout", "20s")
                     .with("bot.discord.shards", "auto/2")
                     .with("bot.replica.lease", "2s")) {
            discord.addGuild(SHARD0_GUILD, SHARD0_CHANNEL);
            bot.startInChildJvm();
            discord.await(Duration.ofSeconds(90), "the first replica runs both shards", d -> d.openShards().equals(List.of(0, 1)));

            DiscordBot second = bot.startReplica("replica-b").getBean(DiscordBot.class);
            discord.await(WAIT, "one shard each", d -> second.runningShards().size() == 1
                    && d.openShards().equals(List.of(0, 1)) && second.readiness().isReady());
            discord.guildMessageIn(SHARD0_GUILD, SHARD0_CHANNEL, ALICE, "Alice", MENTION + "zero", true);
            discord.guildMessage(FakeDiscordServer.CHANNEL_ID, ALICE, "Alice", MENTION + "one", true);
            discord.await(WAIT, "both guilds answered", d ->
                    texts(d.botMessages(SHARD0_CHANNEL)).equals(List.of("You said: [Alice] zero"))
                            && texts(d.botMessages(FakeDiscordServer.CHANNEL_ID)).equals(List.of("You said: [Alice] one")));

            bot.killChildJvm();
            discord.await(WAIT, "the survivor runs both shards", d -> second.runningShards().equals(java.util.Set.of(0, 1))
                    && d.openShards().equals(List.of(0, 1)) && second.readiness().isReady());
            discord.guildMessageIn(SHARD0_GUILD, SHARD0_CHANNEL, ALICE, "Alice", MENTION + "zero again", true);
            discord.guildMessage(FakeDiscordServer.CHANNEL_ID, ALICE, "Alice", MENTION + "one again", true);
            discord.await(WAIT, "both guilds answered by the survivor", d ->
                    texts(d.botMessages(SHARD0_CHANNEL)).equals(List.of("You said: [Alice] zero", "You said: [Alice] zero again"))
                            && texts(d.botMessages(FakeDiscordServer.CHANNEL_ID))
                            .equals(List.of("You said: [Alice] one", "You said: [Alice] one again")));
        }
    }

    static List<String> texts(List<SentMessage> messages) {
        return messages.stream().map(SentMessage::content).toList();
    }
}
