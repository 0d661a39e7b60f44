package dev.chatbot.telegram;

import dev.chatbot.core.engine.ConversationEngine;
import dev.chatbot.core.i18n.Texts;
import dev.chatbot.core.pending.PendingWorkStore;
import dev.chatbot.core.reply.TokenBucket;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
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

    /** The command menu, in order; descriptions come from the texts as {@code command.<name>}. */
    static final List<String> COMMANDS = List.of("ask", "new", "help", "start");

    /** Languages with their own menu besides the default (English) one. */
    static final List<String> MENU_LANGUAGES = List.of("zh");

    private static final List<String> ALLOWED_UPDATES = List.of("message");

    private final TelegramSettings settings;
    private final ConversationEngine engine;
    private final PendingWorkStore pending;
    private final Texts texts;
    private TelegramBotsLongPollingApplication polling;
    private TelegramUpdateConsumer consumer;
    private TelegramApi api;

    public TelegramBot(TelegramSettings settings, ConversationEngine engine, PendingWorkStore pending, Texts texts) {
        this.settings = settings;
        this.engine = engine;
        this.pending = pending;
        this.texts = texts;
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
        OkHttpTelegramClient client = new OkHttpTelegramClient(settings.token(), url);
        User me = getMe(client);
        log.info("Telegram bot @{} (id {}) connected to {}", me.getUserName(), me.getId(), settings.apiUrl());
        api = new TelegramApi(client, new TokenBucket(settings.messagesPerSecond(), settings.messagesPerSecond()));
        registerCommands();
        BotIdentity identity = new BotIdentity(me.getId(), me.getUserName());
        TelegramChats chats = new TelegramChats(settings.privateEditInterval(), settings.groupEditInterval(),
                settings.draftInterval());
        consumer = new TelegramUpdateConsumer(new TelegramInboundMapper(identity), engine, api, chats, pending);
        consumer.replayPending();
        polling = new TelegramBotsLongPollingApplication();
        try {
            polling.registerBot(settings.token(), () -> url, lastUpdateId -> GetUpdates.builder()
                    .offset(lastUpdateId + 1)
                    .limit(100)
                    .timeout(settings.pollTimeoutSeconds())
                    .allowedUpdates(ALLOWED_UPDATES)
                    .build(), consumer);
        } catch (TelegramApiException e) {
            throw new TelegramStartupException("Could not start polling Telegram for updates: " + e.getMessage());
        }
    }

    private void registerCommands() {
        List<String> languages = new ArrayList<>();
        languages.add(null);
        languages.addAll(MENU_LANGUAGES);
        for (String language : languages) {
            List<BotCommand> menu = COMMANDS.stream()
                    .map(name -> new BotCommand(name, texts.get(language, "command." + name)))
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
                    + " (BOT_TELEGRAM_API_URL): " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /**
     * Stops taking updates, lets running answers finish for a grace period, then stops: what is
     * still running then stays pending and is answered after the restart.
     */
    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.stopTaking();
        }
        if (polling != null) {
            try {
                polling.close();
            } catch (Exception e) {
                log.debug("Stopping Telegram polling: {}", e.toString());
            }
            polling = null;
        }
        if (consumer != null) {
            if (!consumer.awaitInFlight(settings.shutdownGrace())) {
                log.info("Stopping with {} message(s) not yet answered; they are answered after the restart",
                        consumer.inFlightCount());
            }
            consumer.abandon();
            consumer = null;
        }
        if (api != null) {
            api.close();
        }
    }
}
