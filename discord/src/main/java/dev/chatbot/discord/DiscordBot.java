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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.IntStream;
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
 * BOT_DISCORD_SHARDS, one by default; with auto/N those it holds leases on, see
 * {@link ShardLeases}), waits for the gateway, registers the slash commands, and from then on
 * hands what Discord delivers to the inbox. Beside other replicas it holds its share of the inbox
 * and takes up what a previous run or a dead replica left, but only events of shards it runs (or
 * DMs, which any replica can answer): the rest wait for their shard's replica. REST and gateway
 * go where the settings say (a proxy, or the tests' fake).
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
    /** Makes the shard leases of this run (named as its inbox names it); null unless shards are automatic. */
    private final Function<String, ShardLeases> shardLeases;
    /** Empty until this replica runs a shard (with auto shards it may hold none for a while). */
    private final ShardManagers shards = new ShardManagers();
    /** The shards this replica runs. */
    private volatile Set<Integer> running = Set.of();
    private volatile Inbox inbox;
    private DiscordEvents events;
    private AutoCloseable sharing;
    private volatile ShardLeases leases;
    private volatile ScheduledExecutorService leaseTimer;
    /** Start, stop and the moves of shards, one at a time. */
    private final ReentrantLock lifecycle = new ReentrantLock();

    public DiscordBot(DiscordSettings settings, ConversationEngine engine, InboxStore inboxStore, ModelCatalog catalog,
                      Admins admins, Texts texts) {
        this(settings, engine, inboxStore, catalog, admins, texts, dev.chatbot.core.reply.PlatformRateLimits.NONE);
    }

    /** @param rateLimits hears each 429 Discord answers (JDA waits them out itself), for metrics */
    public DiscordBot(DiscordSettings settings, ConversationEngine engine, InboxStore inboxStore, ModelCatalog catalog,
                      Admins admins, Texts texts, dev.chatbot.core.reply.PlatformRateLimits rateLimits) {
        this(settings, engine, inboxStore, catalog, admins, texts, rateLimits, null);
    }

    /** @param shardLeases this run's shard leases, given its name; needed when the settings' shards are automatic */
    public DiscordBot(DiscordSettings settings, ConversationEngine engine, InboxStore inboxStore, ModelCatalog catalog,
                      Admins admins, Texts texts, dev.chatbot.core.reply.PlatformRateLimits rateLimits,
                      Function<String, ShardLeases> shardLeases) {
        if (settings.shards().automatic() && shardLeases == null) {
            throw new IllegalArgumentException("automatic shards need shard leases");
        }
        this.shardLeases = shardLeases;
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
    public void start() {
        lifecycle.lock();
        try {
            startLocked();
        } catch (RuntimeException e) {
            // no shard lease or inbox share stays held by a bot that did not start
            stopLeaseTimer();
            closeNow();
            throw e;
        } finally {
            lifecycle.unlock();
        }
    }

    private void startLocked() {
        inbox = new Inbox(inboxStore, DiscordInboundMapper.PLATFORM, settings.rememberEvents(), engine::submit);
        events = new DiscordEvents(inbox, new ChatPaces(),
                ChatPaces.Kind.withoutPreviews(settings.editInterval()), new ChannelTrouble(),
                new ModelChoices(catalog), admins, texts, new DiscordMedia(settings.apiUrl()));
        List<Integer> mine;
        if (settings.shards().automatic()) {
            leases = shardLeases.apply(inbox.owner());
            mine = leases.round().toCompletableFuture().join();
            // renewed from now on, also while the gateway gets ready, which may take longer than a lease
            leaseTimer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("discord-shard-leases").daemon().factory());
            long every = leases.renewEvery().toMillis();
            leaseTimer.scheduleWithFixedDelay(this::rebalance, every, every, TimeUnit.MILLISECONDS);
        } else {
            mine = IntStream.rangeClosed(settings.shards().first(), settings.shards().last()).boxed().toList();
        }
        if (mine.isEmpty()) {
            log.info("Discord: the other replicas run all {} shards; this one stands by and takes shards as replicas stop",
                    settings.shards().total());
        } else {
            login(mine);
            awaitReady(mine);
            JDA first = shards.shards().getFirst();
            log.info("Discord bot {} (id {}) connected, shards {} of {}", first.getSelfUser().getName(),
                    first.getSelfUser().getId(), mine, settings.shards());
            running = Set.copyOf(mine);
            registerCommands();
        }
        // what a previous run or a dead replica left, as long as its shard is ours; and again a third of a lease on
        sharing = inbox.shareWork(settings.replicaLease(), this::takesHere, payload -> events.replayed(payload, this::channelFor));
    }

    private void login(List<Integer> ids) {
        try {
            shards.add(builder(events, ids).build());
        } catch (InvalidTokenException e) {
            throw new DiscordStartupException("Discord rejected the bot token.",
                    "Check BOT_DISCORD_TOKEN: copy it again from the Developer Portal (your application, Bot, Reset Token).");
        } catch (RuntimeException e) {
            throw new DiscordStartupException("Cannot log in to Discord at " + apiDescription() + ": " + RootCause.describe(e),
                    "Check the network, or BOT_DISCORD_API_URL if it is set.");
        }
    }

    /**
     * With auto shards, each third of a lease: renews this replica's shard leases, starts the shards it
     * took (a dead replica's, or its share when others stopped) and stops those it gave back or lost.
     * While start-up or a stop holds the bot, only the renewal happens; the next round applies the rest.
     */
    private void rebalance() {
        ShardLeases current = leases;
        if (current == null) {
            return; // closed
        }
        List<Integer> held;
        try {
            held = current.round().toCompletableFuture().get(settings.replicaLease().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Redis away: keep running what we run; the leases sort the replicas out again once it answers
            log.debug("Could not renew the Discord shard leases: {}", e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Set<Integer> now = Set.copyOf(held);
        if (now.equals(running) || !lifecycle.tryLock()) {
            return;
        }
        try {
            if (leases != null) {
                apply(held, now);
            }
        } finally {
            lifecycle.unlock();
        }
    }

    private void apply(List<Integer> held, Set<Integer> now) {
        for (int id : running) {
            if (!now.contains(id)) {
                log.info("Discord shard {} goes to another replica", id);
                shards.stop(id);
            }
        }
        List<Integer> taken = held.stream().filter(id -> !running.contains(id)).toList();
        try {
            if (!taken.isEmpty()) {
                login(taken);
                log.info("Discord: this replica now runs shards {} of {}", held, settings.shards());
            }
            running = now;
        } catch (RuntimeException e) {
            log.warn("Could not start Discord shards {}: {}", taken, RootCause.describe(e));
        }
    }

    /** Whether a recorded event may be answered here now: a DM anywhere, a server's event on the replica running its shard. */
    private boolean takesHere(String payload) {
        DiscordInboxPayload p = DiscordInboxPayload.fromJson(payload, DiscordMedia.NONE); // only its server is read
        if (p.guildId() == null) {
            return true; // a DM: any replica can open it
        }
        int shard = settings.shards().shardOf(Long.parseLong(p.guildId()));
        JDA jda = running.contains(shard) ? shards.shardById(shard) : null;
        if (jda == null || jda.getStatus() != JDA.Status.CONNECTED) {
            log.debug("Leaving Discord event {} to the replica that runs shard {}", p.eventId(), shard);
            return false;
        }
        return true;
    }

    private DefaultShardManagerBuilder builder(DiscordEvents events, List<Integer> ids) {
        EnumSet<GatewayIntent> intents = EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.DIRECT_MESSAGES);
        if (settings.messageContent()) {
            intents.add(GatewayIntent.MESSAGE_CONTENT);
        }
        ShardRange range = settings.shards();
        DefaultShardManagerBuilder builder = DefaultShardManagerBuilder.createLight(settings.token(), intents)
                .setShardsTotal(range.total())
                .setShards(ids)
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
    private void awaitReady(List<Integer> ids) {
        long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
        for (int id : ids) {
            JDA shard;
            while ((shard = shards.shardById(id)) == null) {
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
        shards.shutdownAll();
        return new DiscordStartupException("Discord's gateway did not get ready within " + settings.readyTimeout() + " (" + why + ").",
                "If the log shows close code 4014 (disallowed intents), switch on the Message Content Intent "
                        + "in the Developer Portal (Bot page) or set BOT_DISCORD_MESSAGE_CONTENT=false. "
                        + "Otherwise check the network, or BOT_DISCORD_GATEWAY_URL if it is set.");
    }

    /**
     * Global commands from the replica that runs shard 0 at its start (Discord shows them within about
     * an hour after a change), and the guild's own set when BOT_DISCORD_GUILD_ID is set (shown at once)
     * from the replica that runs its shard.
     */
    private void registerCommands() {
        List<SlashCommandData> commands = DiscordSlashCommands.build(engine.commands(), texts);
        if (running.contains(0)) {
            try {
                shards.shardById(0).updateCommands().addCommands(commands).complete();
            } catch (RuntimeException e) {
                log.warn("Could not register Discord's global slash commands: {}", RootCause.describe(e));
            }
        }
        if (settings.guildId() != null) {
            Guild guild = shards.guildById(settings.guildId());
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
        MessageChannel channel = shards.channelById(payload.channelId());
        ShardManager any = shards.any();
        if (channel != null || !payload.message().isDirect() || any == null) {
            return channel;
        }
        try {
            return any.retrieveUserById(payload.message().sender().id()).complete().openPrivateChannel().complete();
        } catch (RuntimeException e) {
            log.info("Cannot open the DM with Discord user {} again: {}", payload.message().sender().id(), e.toString());
            return null;
        }
    }

    /** The shards this replica runs now (with auto shards, those it holds leases on). */
    public Set<Integer> runningShards() {
        return running;
    }

    /** Whether every shard of this replica is connected, and if not, why. */
    public DiscordReadiness readiness() {
        boolean started = inbox != null;
        if (!started || shards.isEmpty() && !settings.shards().automatic()) {
            return new DiscordReadiness(false, "not connected (starting or stopped)");
        }
        List<JDA> mine = shards.shards();
        List<String> down = mine.stream().filter(s -> s.getStatus() != JDA.Status.CONNECTED)
                .map(s -> "shard " + s.getShardInfo().getShardId() + " is " + s.getStatus()).toList();
        if (mine.isEmpty()) {
            return settings.shards().automatic()
                    ? new DiscordReadiness(true, "standing by: the other replicas run all " + settings.shards().total() + " shards")
                    : new DiscordReadiness(false, "no shard is running");
        }
        return down.isEmpty() ? new DiscordReadiness(true, "shards "
                + (settings.shards().automatic() ? running + " of " : "") + settings.shards() + " connected")
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
    public void close() {
        stopLeaseTimer(); // before the lock: a round may be waiting on Redis
        lifecycle.lock();
        try {
            closeNow();
        } finally {
            lifecycle.unlock();
        }
    }

    private void stopLeaseTimer() {
        ScheduledExecutorService timer = leaseTimer;
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void closeNow() {
        leaseTimer = null;
        if (sharing != null) {
            try {
                sharing.close();
            } catch (Exception e) {
                log.debug("Stopping the inbox's lease: {}", e.toString());
            }
            sharing = null;
        }
        if (inbox != null) {
            inbox.stopTaking();
            inbox.drain(settings.shutdownGrace());
            inbox = null;
        }
        shards.shutdownAll();
        running = Set.of();
        if (leases != null) {
            // another replica runs them at once rather than a lease later
            try {
                leases.release().toCompletableFuture().get(2, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                log.debug("Could not give back the Discord shard leases (they expire): {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            leases = null;
        }
    }

    private String apiDescription() {
        return settings.apiUrl() == null ? RestConfig.DEFAULT_BASE_URL : settings.apiUrl().toString();
    }
}
