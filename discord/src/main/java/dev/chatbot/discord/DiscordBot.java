package dev.chatbot.discord;

import dev.chatbot.core.RootCause;
import dev.chatbot.core.chat.Admins;
import dev.chatbot.core.engine.ConversationEngine;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.inbox.Inbox;
import dev.chatbot.core.inbox.InboxStore;
import dev.chatbot.core.llm.ModelCatalog;
import dev.chatbot.core.reply.ChatPaces;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.Compression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Discord side of the bot: logs in with JDA's shard manager (the shards of
 * BOT_DISCORD_SHARDS, one by default), waits for the gateway, registers the slash commands,
 * takes up events a previous run left unanswered, and from then on hands what Discord delivers
 * to the inbox. REST and gateway go where the settings say (a proxy, or the tests' fake).
 */
public final class DiscordBot implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DiscordBot.class);

    private final DiscordSettings settings;
    private final dev.chatbot.core.reply.PlatformRateLimits rateLimits;
    private final ConversationEngine engine;
    private final InboxStore inboxStore;
    private final ModelCatalog catalog;
    private final Admins admins;
    private final Texts texts;
    private volatile ShardManager shards;
    private Inbox inbox;

    public DiscordBot(DiscordSettings settings, ConversationEngine engine, InboxStore inboxStore, ModelCatalog catalog,
                      Admins admins, Texts texts) {
        this(settings, engine, inboxStore, catalog, admins, texts, dev.chatbot.core.reply.PlatformRateLimits.NONE);
    }

    /** @param rateLimits hears each 429 Discord answers (JDA waits them out itself), for metrics */
    public DiscordBot(DiscordSettings settings, ConversationEngine engine, InboxStore inboxStore, ModelCatalog catalog,
                      Admins admins, Texts texts, dev.chatbot.core.reply.PlatformRateLimits rateLimits) {
        this.rateLimits = rateLimits;
        this.settings = settings;
        this.engine = engine;
        this.inboxStore = inboxStore;
        this.catalog = catalog;
        this.admins = admins;
        this.texts = texts;
    }

    /**
     * @throws DiscordStartupException when the token is refused, Discord cannot be reached or the
     *                                 gateway does not get ready in time
     */
    public synchronized void start() {
        inbox = new Inbox(inboxStore, DiscordInboundMapper.PLATFORM, settings.rememberEvents(), engine::submit);
        DiscordEvents events = new DiscordEvents(inbox, new ChatPaces(),
                ChatPaces.Kind.withoutPreviews(settings.editInterval()), new ChannelTrouble(),
                new ModelChoices(catalog), admins, texts, new DiscordMedia(settings.apiUrl()));
        try {
            shards = builder(events).build();
        } catch (InvalidTokenException e) {
            throw new DiscordStartupException("Discord rejected the bot token.",
                    "Check BOT_DISCORD_TOKEN: copy it again from the Developer Portal (your application, Bot, Reset Token).");
        } catch (RuntimeException e) {
            throw new DiscordStartupException("Cannot log in to Discord at " + apiDescription() + ": " + RootCause.describe(e),
                    "Check the network, or BOT_DISCORD_API_URL if it is set.");
        }
        awaitReady();
        JDA first = shards.getShards().getFirst();
        log.info("Discord bot {} (id {}) connected, shards {}", first.getSelfUser().getName(),
                first.getSelfUser().getId(), settings.shards());
        registerCommands();
        inbox.replay(payload -> events.replayed(payload, this::channelFor));
    }

    private DefaultShardManagerBuilder builder(DiscordEvents events) {
        EnumSet<GatewayIntent> intents = EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.DIRECT_MESSAGES);
        if (settings.messageContent()) {
            intents.add(GatewayIntent.MESSAGE_CONTENT);
        }
        ShardRange range = settings.shards();
        DefaultShardManagerBuilder builder = DefaultShardManagerBuilder.createLight(settings.token(), intents)
                .setShardsTotal(range.total())
                .setShards(range.first(), range.last())
                .setCompression(settings.compress() ? Compression.ZLIB : Compression.NONE)
                .setEnableShutdownHook(false) // Spring stops the bot, after letting answers finish
                .setHttpClientBuilder(new okhttp3.OkHttpClient.Builder().addInterceptor(chain -> {
                    okhttp3.Response response = chain.proceed(chain.request());
                    if (response.code() == 429) { // JDA's rate limiter waits it out; this only counts it
                        rateLimits.limited(DiscordInboundMapper.PLATFORM);
                    }
                    return response;
                }))
                .addEventListeners(events);
        if (settings.apiUrl() != null) {
            builder.setRestConfig(new RestConfig().setBaseUrl(settings.apiUrl().toString()));
        }
        if (settings.gatewayUrl() != null) {
            builder.setSessionController(new FixedGateway(settings.gatewayUrl().toString(), range.total()));
        }
        return builder;
    }

    /** Every shard of this replica connected, or a clear failure. */
    private void awaitReady() {
        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        for (int id = settings.shards().first(); id <= settings.shards().last(); id++) {
            JDA shard;
            while ((shard = shards.getShardById(id)) == null) {
                // shards after the first are started by the manager's own thread, one after another
                if (System.nanoTime() > deadline) {
                    throw notReady("shard " + id + " did not start");
                }
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
            JDA waiting = shard;
            try {
                CompletableFuture.runAsync(() -> {
                    try {
                        waiting.awaitReady();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, r -> Thread.ofVirtual().name("discord-ready").start(r))
                        .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw notReady("shard " + id + " is " + shard.getStatus());
            } catch (ExecutionException e) {
                throw notReady("shard " + id + ": " + RootCause.describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw notReady("interrupted");
            }
            if (shard.getStatus() != JDA.Status.CONNECTED) {
                throw notReady("shard " + id + " is " + shard.getStatus());
            }
        }
    }

    private DiscordStartupException notReady(String why) {
        shards.shutdown();
        return new DiscordStartupException("Discord's gateway did not get ready within " + settings.readyTimeout() + " (" + why + ").",
                "If the log shows close code 4014 (disallowed intents), switch on the Message Content Intent "
                        + "in the Developer Portal (Bot page) or set BOT_DISCORD_MESSAGE_CONTENT=false. "
                        + "Otherwise check the network, or BOT_DISCORD_GATEWAY_URL if it is set.");
    }

    /**
     * Global commands from the replica that runs shard 0 (Discord shows them within about an hour
     * after a change), and the guild's own set when BOT_DISCORD_GUILD_ID is set (shown at once).
     */
    private void registerCommands() {
        List<SlashCommandData> commands = DiscordSlashCommands.build(engine.commands(), texts);
        if (settings.shards().hasFirstShard()) {
            try {
                shards.getShardById(0).updateCommands().addCommands(commands).complete();
            } catch (RuntimeException e) {
                log.warn("Could not register Discord's global slash commands: {}", RootCause.describe(e));
            }
        }
        if (settings.guildId() != null) {
            Guild guild = shards.getGuildById(settings.guildId());
            if (guild == null) {
                log.warn("BOT_DISCORD_GUILD_ID {} names no server this bot is in (on these shards); "
                        + "its slash commands are only the global ones", settings.guildId());
                return;
            }
            try {
                guild.updateCommands().addCommands(commands).complete();
            } catch (RuntimeException e) {
                log.warn("Could not register the slash commands of server {}: {}", settings.guildId(), RootCause.describe(e));
            }
        }
    }

    /** Where a replayed event's answer goes: its channel, or for a DM the DM with its sender. */
    private MessageChannel channelFor(DiscordInboxPayload payload) {
        MessageChannel channel = shards.getChannelById(MessageChannel.class, payload.channelId());
        if (channel != null || !payload.message().isDirect()) {
            return channel;
        }
        try {
            return shards.retrieveUserById(payload.message().sender().id()).complete().openPrivateChannel().complete();
        } catch (RuntimeException e) {
            log.info("Cannot open the DM with Discord user {} again: {}", payload.message().sender().id(), e.toString());
            return null;
        }
    }

    /** Whether every shard of this replica is connected, and if not, why. */
    public DiscordReadiness readiness() {
        ShardManager current = shards;
        if (current == null) {
            return new DiscordReadiness(false, "not connected (starting or stopped)");
        }
        List<String> down = current.getShards().stream().filter(s -> s.getStatus() != JDA.Status.CONNECTED)
                .map(s -> "shard " + s.getShardInfo().getShardId() + " is " + s.getStatus()).toList();
        if (current.getShards().isEmpty()) {
            return new DiscordReadiness(false, "no shard is running");
        }
        return down.isEmpty() ? new DiscordReadiness(true, "shards " + settings.shards() + " connected")
                : new DiscordReadiness(false, String.join(", ", down));
    }

    /** Whether Discord events reach the bot, and a line on why (not). */
    public record DiscordReadiness(boolean isReady, String detail) {
    }

    /**
     * Stops taking events, lets running answers finish for a grace period, then closes the
     * gateway: what is still running stays in the inbox and is answered after the restart.
     */
    @Override
    public synchronized void close() {
        if (inbox != null) {
            inbox.stopTaking();
            inbox.drain(settings.shutdownGrace());
            inbox = null;
        }
        ShardManager current = shards;
        shards = null;
        if (current != null) {
            current.shutdown();
        }
    }

    private String apiDescription() {
        return settings.apiUrl() == null ? RestConfig.DEFAULT_BASE_URL : settings.apiUrl().toString();
    }
}
