package dev.chatbot.telegram;

import dev.chatbot.core.engine.ConversationEngine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
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
 * The Telegram side of the bot: checks the token with getMe, registers the command menu and
 * long-polls for updates, all against the configured Bot API base.
 */
public final class TelegramBot implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TelegramBot.class);

    static final List<BotCommand> COMMANDS = List.of(
            new BotCommand("ask", "Ask a question (handy in groups)"),
            new BotCommand("new", "Start a fresh conversation"),
            new BotCommand("stop", "Stop the answer being written"),
            new BotCommand("retry", "Answer my last question again"),
            new BotCommand("usage", "What you've used and what's left"),
            new BotCommand("model", "Show or switch this chat's model"),
            new BotCommand("models", "List the models you can use"),
            new BotCommand("system", "Set this chat's persona (reset to undo)"),
            new BotCommand("help", "What I can do"),
            new BotCommand("start", "Say hello"));

    /** Messages, and presses of the buttons under the bot's messages (/model's choices). */
    private static final List<String> ALLOWED_UPDATES = List.of("message", "callback_query");

    private final TelegramSettings settings;
    private final ConversationEngine engine;
    private TelegramBotsLongPollingApplication polling;
    private TelegramUpdateConsumer consumer;

    public TelegramBot(TelegramSettings settings, ConversationEngine engine) {
        this.settings = settings;
        this.engine = engine;
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
        OkHttpTelegramClient client = new OkHttpTelegramClient(httpClient(), settings.token(), url);
        User me = getMe(client);
        log.info("Telegram bot @{} (id {}) connected to {}", me.getUserName(), me.getId(), settings.apiUrl());
        try {
            client.execute(SetMyCommands.builder().commands(COMMANDS).build());
        } catch (TelegramApiException e) {
            log.warn("Could not register the command menu: {}", e.getMessage());
        }
        BotIdentity identity = new BotIdentity(me.getId(), me.getUserName());
        consumer = new TelegramUpdateConsumer(new TelegramInboundMapper(identity), engine, client,
                new TelegramPaces(settings.privateEditInterval(), settings.groupEditInterval()));
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

    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.close();
        }
        if (polling != null) {
            try {
                polling.close();
            } catch (Exception e) {
                log.debug("Stopping Telegram polling: {}", e.toString());
            }
            polling = null;
        }
    }
}
