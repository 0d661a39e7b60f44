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
 * pace sits on top of it. The calls an answer makes many of take the {@link LeanCalls} path; the
 * rest go through telegrambots' client. Errors become what the reply machinery understands, and
 * once the bot is closing nothing more goes out.
 */
final class TelegramApi implements AutoCloseable {

    private final TelegramClient client;
    private final LeanCalls lean;
    private final TokenBucket messages;
    private final PlatformRateLimits rateLimits;
    private volatile boolean closed;

    TelegramApi(TelegramClient client, LeanCalls lean, TokenBucket messages) {
        this(client, lean, messages, PlatformRateLimits.NONE);
    }

    TelegramApi(TelegramClient client, LeanCalls lean, TokenBucket messages, PlatformRateLimits rateLimits) {
        this.client = client;
        this.lean = lean;
        this.messages = messages;
        this.rateLimits = rateLimits;
    }

    /**
     * A call that shows a message (send, edit, draft), paced by the bot-wide budget.
     *
     * @return the sent message's id, or null when Telegram's result is no message
     */
    Integer message(BotApiMethod<?> method) {
        checkOpen();
        try {
            messages.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SurfaceClosedException();
        }
        return leanCall(method);
    }

    /** A call outside the message budget whose result is not needed (a chat action). */
    void action(BotApiMethod<?> method) {
        checkOpen();
        leanCall(method);
    }

    private Integer leanCall(BotApiMethod<?> method) {
        try {
            return lean.call(method);
        } catch (ReplyRateLimitedException e) {
            rateLimits.limited(TelegramInboundMapper.PLATFORM);
            throw e;
        }
    }

    /** Any other call (chat actions, the command menu), outside the message budget. */
    <T extends Serializable> T call(BotApiMethod<T> method) {
        checkOpen();
        return mapped(() -> client.execute(method));
    }

    /** A photo upload (multipart), paced like every message. */
    org.telegram.telegrambots.meta.api.objects.message.Message photo(
            org.telegram.telegrambots.meta.api.methods.send.SendPhoto photo) {
        checkOpen();
        try {
            messages.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SurfaceClosedException();
        }
        return mapped(() -> client.execute(photo));
    }

    private interface Call<T> {
        T run() throws TelegramApiException;
    }

    private <T> T mapped(Call<T> call) {
        try {
            return call.run();
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
