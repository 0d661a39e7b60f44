package dev.chatbot.telegram;

import dev.chatbot.core.reply.PlatformRateLimits;
import dev.chatbot.core.reply.ReplyRateLimitedException;
import dev.chatbot.core.reply.SurfaceClosedException;
import dev.chatbot.core.reply.TokenBucket;
import java.io.Serializable;
import java.time.Duration;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * The bot's calls to the Bot API. Messages (sends, edits, drafts) draw on one budget for the
 * whole bot token, Telegram's "about 30 messages a second" across all chats; each chat's own
 * pace sits on top of it. Errors become what the reply machinery understands, and once the bot
 * is closing nothing more goes out.
 */
final class TelegramApi implements AutoCloseable {

    private final TelegramClient client;
    private final TokenBucket messages;
    private final PlatformRateLimits rateLimits;
    private volatile boolean closed;

    TelegramApi(TelegramClient client, TokenBucket messages) {
        this(client, messages, PlatformRateLimits.NONE);
    }

    TelegramApi(TelegramClient client, TokenBucket messages, PlatformRateLimits rateLimits) {
        this.client = client;
        this.messages = messages;
        this.rateLimits = rateLimits;
    }

    /** A call that shows a message, paced by the bot-wide budget. */
    <T extends Serializable> T message(BotApiMethod<T> method) {
        checkOpen();
        try {
            messages.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SurfaceClosedException();
        }
        return call(method);
    }

    /** Any other call (chat actions, the command menu), outside the message budget. */
    <T extends Serializable> T call(BotApiMethod<T> method) {
        checkOpen();
        try {
            return client.execute(method);
        } catch (TelegramApiRequestException e) {
            if (e.getErrorCode() != null && e.getErrorCode() == 429) {
                rateLimits.limited(TelegramInboundMapper.PLATFORM);
                int seconds = e.getParameters() != null && e.getParameters().getRetryAfter() != null
                        ? e.getParameters().getRetryAfter() : 1;
                throw new ReplyRateLimitedException(Duration.ofSeconds(seconds));
            }
            throw new TelegramCallException(e.getErrorCode(), e.getApiResponse());
        } catch (TelegramApiException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new TelegramCallException(null, e.getMessage() + (root == e ? "" : " (" + root + ")"));
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** From now on every call fails with {@link SurfaceClosedException}: the bot is stopping. */
    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new SurfaceClosedException();
        }
    }
}
