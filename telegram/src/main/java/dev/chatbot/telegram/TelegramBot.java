package dev.chatbot.telegram;

import dev.chatbot.core.RootCause;
import dev.chatbot.core.commands.CommandCatalogue;
import dev.chatbot.core.engine.ConversationEngine;
import java.time.Duration;
import dev.chatbot.core.inbox.Inbox;
import dev.chatbot.core.inbox.InboxStore;
import dev.chatbot.core.reply.TokenBucket;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.BotSession;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.longpolling.util.TelegramOkHttpClientFactory;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * The Telegram side of the bot: checks the token with getMe, registers the command menu (in
 * English, and in Chinese for Chinese clients), takes up updates a previous run left unanswered,
 * and long-polls for new ones, all against the configured Bot API base.
 */
public final class TelegramBot implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TelegramBot.class);

    /** Languages with their own menu besides the default (English) one. */
    static final List<String> MENU_LANGUAGES = List.of("zh");

    /** Messages, and presses of the buttons under the bot's messages (/model's choices). */
    private static final List<String> ALLOWED_UPDATES = List.of("message", "callback_query");

    private final TelegramSettings settings;
    private final ConversationEngine engine;
    private final InboxStore inboxStore;
    private TelegramBotsLongPollingApplication polling;
    private TelegramUpdateConsumer consumer;
    private Inbox inbox;
    private TelegramApi api;
    private final PollingWatch watch;
    /** The highest update id polled, readable or skipped: the next offset goes past it. */
    private final AtomicLong highestPolled = new AtomicLong();
    private volatile BotSession session;
    private volatile boolean webhookSet;
    /** The polling lease in the inbox's store: who of the replicas long-polls. */
    static final String POLL_LEASE = "poll";
    private final dev.chatbot.core.reply.PlatformRateLimits rateLimits;
    private TelegramUrl url;
    private java.util.concurrent.ScheduledExecutorService leaseTimer;
    private AutoCloseable sharing;
    private volatile boolean standingBy;
    private volatile boolean closed;

    public TelegramBot(TelegramSettings settings, ConversationEngine engine, InboxStore inboxStore) {
        this(settings, engine, inboxStore, dev.chatbot.core.reply.PlatformRateLimits.NONE);
    }

    /** @param rateLimits hears each 429 the Bot API answers, for metrics */
    public TelegramBot(TelegramSettings settings, ConversationEngine engine, InboxStore inboxStore,
                       dev.chatbot.core.reply.PlatformRateLimits rateLimits) {
        this.rateLimits = rateLimits;
        this.settings = settings;
        this.engine = engine;
        this.inboxStore = inboxStore;
        this.watch = new PollingWatch(Clock.systemUTC(), settings.pollTimeoutSeconds());
    }

    /**
     * @throws TelegramStartupException when the token is refused or the Bot API cannot be reached
     */
    public synchronized void start() {
        TelegramUrl url = TelegramUrl.builder()
                .schema(settings.apiUrl().getScheme())
                .host(settings.apiUrl().getHost())
                .port(port())
                .testServer(false)
                .build();
        OkHttpClient http = httpClient();
        OkHttpTelegramClient client = new OkHttpTelegramClient(http, settings.token(), url);
        User me = getMe(client);
        log.info("Telegram bot @{} (id {}) connected to {}", me.getUserName(), me.getId(), settings.apiUrl());
        api = new TelegramApi(client, new LeanCalls(http, settings.token(), url),
                new TokenBucket(settings.messagesPerSecond(), settings.messagesPerSecond()), rateLimits);
        registerCommands();
        BotIdentity identity = new BotIdentity(me.getId(), me.getUserName());
        TelegramChats chats = new TelegramChats(settings.privateEditInterval(), settings.groupEditInterval(),
                settings.draftInterval());
        inbox = new Inbox(inboxStore, TelegramInboundMapper.PLATFORM, settings.rememberUpdates(), engine::submit);
        consumer = new TelegramUpdateConsumer(new TelegramInboundMapper(identity,
                new TelegramFiles(api, settings.apiUrl(), settings.token())), api, chats, inbox);
        sharing = consumer.shareWork(settings.replicaLease()); // takes up what an earlier run or a dead replica left
        if (settings.usesWebhook()) {
            try {
                api.call(new SetWebhookJson(settings.webhookUrl().toString(), settings.webhookSecret(), ALLOWED_UPDATES));
            } catch (RuntimeException e) {
                throw new TelegramStartupException("Telegram refused the webhook " + settings.webhookUrl()
                        + " (BOT_TELEGRAM_WEBHOOK_URL): " + e.getMessage());
            }
            log.info("Telegram delivers updates to the webhook {}", settings.webhookUrl());
            webhookSet = true;
            return;
        }
        this.url = url;
        // one replica polls at a time (Telegram answers a second getUpdates with 409 Conflict): the one holding the lease
        if (!holdPollLease()) {
            log.info("Another replica polls Telegram; this one stands by and takes over if it stops");
        }
        long every = Math.max(1, settings.replicaLease().toMillis() / 3);
        leaseTimer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("telegram-poll-lease").daemon().factory());
        leaseTimer.scheduleWithFixedDelay(() -> {
            try {
                holdPollLease();
            } catch (RuntimeException e) {
                log.warn("Could not take over polling Telegram: {}", e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** Takes or keeps the polling lease and polls while holding it; stops polling when another replica has it. */
    private synchronized boolean holdPollLease() {
        if (closed) {
            return false;
        }
        boolean held;
        try {
            held = inboxStore.holdLease(TelegramInboundMapper.PLATFORM, POLL_LEASE, inbox.owner(), settings.replicaLease())
                    .toCompletableFuture().get(settings.replicaLease().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Redis away: keep doing what we did; the lease tells the replicas apart again once it answers
            log.debug("Could not renew the Telegram polling lease: {}", e.toString());
            return session != null;
        }
        if (held && polling == null) {
            if (standingBy) {
                log.info("This replica polls Telegram now");
            }
            startPolling();
        } else if (!held && polling != null) {
            log.warn("Another replica holds the Telegram polling lease now; this one stops polling");
            stopPolling();
        }
        standingBy = !held;
        return held;
    }

    private void startPolling() {
        // the library's own mapper and client, plus a watch on every getUpdates call
        polling = new TelegramBotsLongPollingApplication(com.fasterxml.jackson.databind.ObjectMapper::new,
                () -> new TelegramOkHttpClientFactory.DefaultOkHttpClientCreator().get().newBuilder()
                        .addInterceptor(watch).build());
        watch.started();
        try {
            session = polling.registerBot(settings.token(), () -> url, lastUpdateId -> new LenientGetUpdates(
                    Math.max(lastUpdateId, highestPolled.get()) + 1, 100, settings.pollTimeoutSeconds(),
                    ALLOWED_UPDATES, id -> highestPolled.accumulateAndGet(id, Math::max)), consumer);
        } catch (TelegramApiException e) {
            throw new TelegramStartupException("Could not start polling Telegram for updates: " + e.getMessage());
        }
    }

    private void stopPolling() {
        session = null;
        if (polling != null) {
            try {
                polling.close();
            } catch (Exception e) {
                log.debug("Stopping Telegram polling: {}", e.toString());
            }
            polling = null;
        }
    }

    /** Whether updates reach the bot: polling answers, or the webhook is set. */
    public TelegramReadiness readiness() {
        if (webhookSet) {
            return TelegramReadiness.up("webhook set at " + settings.webhookUrl(), null);
        }
        BotSession polled = session;
        if (polled == null && standingBy && !closed) {
            // ready all the same: it answers what it is handed (replays) and takes over polling when needed
            return TelegramReadiness.up("standing by: another replica polls Telegram", null);
        }
        if (polled == null) {
            return TelegramReadiness.stopped("not polling (starting or stopped)");
        }
        if (polled.getRunningPolling() == null || polled.getRunningPolling().isDone()) {
            return TelegramReadiness.stopped("polling has stopped");
        }
        return watch.readiness();
    }

    /** What became of an update posted to the webhook. */
    public enum WebhookOutcome { ACCEPTED, WRONG_SECRET, NOT_RUNNING, NOT_AN_UPDATE }

    /**
     * Takes an update Telegram posted to the webhook; returns once it is safely recorded, so the
     * HTTP answer acknowledges it only then.
     *
     * @param secretHeader the X-Telegram-Bot-Api-Secret-Token header, or null
     */
    public WebhookOutcome acceptWebhook(String secretHeader, byte[] body) {
        TelegramUpdateConsumer taking;
        synchronized (this) {
            taking = consumer;
        }
        if (!settings.usesWebhook() || taking == null) {
            return WebhookOutcome.NOT_RUNNING;
        }
        if (secretHeader == null || !java.security.MessageDigest.isEqual(
                secretHeader.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                settings.webhookSecret().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            return WebhookOutcome.WRONG_SECRET;
        }
        try {
            return taking.acceptPosted(body) ? WebhookOutcome.ACCEPTED : WebhookOutcome.NOT_RUNNING;
        } catch (IllegalArgumentException e) {
            log.warn("Webhook: {}", e.getMessage());
            return WebhookOutcome.NOT_AN_UPDATE;
        }
    }

    /**
     * telegrambots runs even its blocking calls through OkHttp's dispatcher, which by default lets
     * only 5 requests per host run at once: with many chats streaming, edits would queue behind
     * each other. Per-chat pacing is ours to do, so the dispatcher only has to not be in the way.
     */
    static OkHttpClient httpClient() {
        Dispatcher dispatcher = new Dispatcher(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("telegram-http-", 0).factory()));
        dispatcher.setMaxRequests(4096);
        dispatcher.setMaxRequestsPerHost(4096);
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
                .connectTimeout(Duration.ofSeconds(15))
                .readTimeout(Duration.ofSeconds(75))
                .writeTimeout(Duration.ofSeconds(30))
                .build();
    }

    private void registerCommands() {
        List<String> languages = new ArrayList<>();
        languages.add(null);
        languages.addAll(MENU_LANGUAGES);
        for (String language : languages) {
            // the engine's catalogue, so the menu shows exactly what the engine runs; admin commands stay out of it
            CommandCatalogue commands = engine.commands();
            List<BotCommand> menu = commands.forEveryone().stream()
                    .map(spec -> new BotCommand(spec.name(), commands.description(spec, language)))
                    .toList();
            try {
                api.call(SetMyCommands.builder().commands(menu).languageCode(language).build());
            } catch (RuntimeException e) {
                log.warn("Could not register the command menu{}: {}", language == null ? "" : " for " + language, e.getMessage());
            }
        }
    }

    private int port() {
        int port = settings.apiUrl().getPort();
        if (port > 0) {
            return port;
        }
        return "http".equalsIgnoreCase(settings.apiUrl().getScheme()) ? 80 : 443;
    }

    private User getMe(OkHttpTelegramClient client) {
        try {
            return client.execute(new GetMe());
        } catch (TelegramApiRequestException e) {
            if (e.getErrorCode() != null && (e.getErrorCode() == 401 || e.getErrorCode() == 404)) {
                throw new TelegramStartupException("Telegram rejected the bot token (" + e.getErrorCode() + " "
                        + e.getApiResponse() + "). Check BOT_TELEGRAM_TOKEN: copy it again from @BotFather.");
            }
            throw new TelegramStartupException("Telegram's getMe failed at " + settings.apiUrl() + ": " + e.getApiResponse());
        } catch (TelegramApiException e) {
            throw new TelegramStartupException("Cannot reach the Telegram Bot API at " + settings.apiUrl()
                    + " (BOT_TELEGRAM_API_URL): " + RootCause.describe(e));
        }
    }


    /**
     * Stops taking updates, lets running answers finish for a grace period, then stops: what is
     * still running then stays pending and is answered after the restart.
     */
    @Override
    public synchronized void close() {
        if (inbox != null) {
            inbox.stopTaking();
        }
        webhookSet = false;
        closed = true;
        watch.stopping();
        if (leaseTimer != null) {
            leaseTimer.shutdownNow();
            leaseTimer = null;
        }
        boolean wasPolling = polling != null;
        stopPolling();
        if (wasPolling && inbox != null) {
            // another replica may poll at once rather than a lease later
            try {
                inboxStore.releaseLease(TelegramInboundMapper.PLATFORM, POLL_LEASE, inbox.owner())
                        .toCompletableFuture().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.debug("Could not give back the Telegram polling lease (it expires): {}", e.toString());
            }
        }
        if (sharing != null) {
            try {
                sharing.close();
            } catch (Exception e) {
                log.debug("Stopping the inbox's lease: {}", e.toString());
            }
            sharing = null;
        }
        if (inbox != null) {
            inbox.drain(settings.shutdownGrace());
            inbox = null;
            consumer = null;
        }
        if (api != null) {
            api.close();
        }
    }
}
