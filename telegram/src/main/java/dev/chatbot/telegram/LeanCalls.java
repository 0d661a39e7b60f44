package dev.chatbot.telegram;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatbot.core.reply.ReplyRateLimitedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.exceptions.TelegramApiValidationException;

/**
 * The calls an answer makes many of (drafts, sends, edits, chat actions), made the way
 * telegrambots' client makes them (the method as JSON, with the same mapper, POSTed to
 * .../bot&lt;token&gt;/&lt;method&gt;) but leaner: on the caller's thread rather than handed to OkHttp's
 * dispatcher and waited for, and the answer read with a streaming parser for {@code ok}, the error
 * and a sent message's id, instead of deserialised into a Message with its chat, sender and
 * entities that nobody reads. They were a quarter of the bot's CPU per answer.
 *
 * <p>At most {@link #AT_ONCE} calls run at once. Over HTTP/1.1 (a local Bot API server, or any
 * plain-HTTP base URL) every call in flight holds a connection of its own, and OkHttp looks through
 * all pooled connections for each call and again, in its cleanup task, after each: with hundreds of
 * chats answering at once that pool held hundreds of connections and the scans were a tenth of the
 * bot's CPU. A call takes milliseconds there, so a few dozen connections carry thousands of calls a
 * second; over HTTP/2 (the official API) calls share one connection and the bound only caps how many
 * are outstanding.
 */
final class LeanCalls {

    private static final MediaType JSON = MediaType.get("application/json");

    /** The fields of an answer that are read; everything else is skipped unread. */
    record Answer(boolean ok, Integer errorCode, String description, Integer retryAfter, Integer messageId) {
    }

    static final int AT_ONCE = 64;

    private final OkHttpClient http;
    /**
     * As telegrambots' client serialises methods, but with buffers shared between threads: Jackson's
     * default keeps them per thread, and every reply pump is a new virtual thread, so each call
     * allocated its own.
     */
    private final ObjectMapper json = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build());
    private final Semaphore calls = new Semaphore(AT_ONCE, true);
    private final HttpUrl base;
    private final Map<String, HttpUrl> urls = new ConcurrentHashMap<>();

    LeanCalls(OkHttpClient http, String token, TelegramUrl url) {
        this.http = http;
        HttpUrl.Builder b = new HttpUrl.Builder().scheme(url.getSchema()).host(url.getHost()).port(url.getPort())
                .addPathSegment("bot" + token);
        if (url.isTestServer()) {
            b.addPathSegment("test");
        }
        this.base = b.build();
    }

    /**
     * @return the sent message's id, or null when the result is no message (true, for drafts and actions)
     * @throws ReplyRateLimitedException on 429
     * @throws TelegramCallException     when Telegram refuses the call or cannot be reached
     */
    Integer call(BotApiMethod<?> method) {
        Answer answer;
        try {
            method.validate();
            HttpUrl url = urls.computeIfAbsent(method.getMethod(), m -> base.newBuilder().addPathSegment(m).build());
            Request request = new Request.Builder().url(url)
                    .post(RequestBody.create(json.writeValueAsBytes(method), JSON)).build();
            calls.acquire();
            try (Response response = http.newCall(request).execute()) {
                byte[] body = response.body().bytes();
                try {
                    answer = read(body);
                } catch (IOException notJson) {
                    throw new TelegramCallException(null, "Unable to deserialize response (HTTP " + response.code() + ")");
                }
            } finally {
                calls.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TelegramCallException(null, "Interrupted before " + method.getMethod());
        } catch (TelegramApiValidationException e) {
            throw new TelegramCallException(null, e.getMessage());
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new TelegramCallException(null, "Unable to execute " + method.getMethod() + " method (" + e + ")");
        } catch (IOException e) {
            throw new TelegramCallException(null, "Unable to execute " + method.getMethod() + " method (" + e + ")");
        }
        if (answer.ok()) {
            return answer.messageId();
        }
        if (answer.errorCode() != null && answer.errorCode() == 429) {
            throw new ReplyRateLimitedException(java.time.Duration.ofSeconds(answer.retryAfter() != null ? answer.retryAfter() : 1));
        }
        throw new TelegramCallException(answer.errorCode(), answer.description());
    }

    Answer read(byte[] body) throws IOException {
        boolean ok = false;
        Integer errorCode = null;
        Integer retryAfter = null;
        Integer messageId = null;
        String description = null;
        try (JsonParser p = json.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "ok" -> ok = v == JsonToken.VALUE_TRUE;
                    case "error_code" -> errorCode = v == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
                    case "description" -> description = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "parameters" -> retryAfter = intField(p, v, "retry_after");
                    case "result" -> messageId = intField(p, v, "message_id");
                    default -> p.skipChildren();
                }
            }
        }
        return new Answer(ok, errorCode, description, retryAfter, messageId);
    }

    /** One integer field of the object {@code v} starts, the rest skipped; null when it is no object or lacks it. */
    private static Integer intField(JsonParser p, JsonToken v, String field) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        Integer value = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (name.equals(field) && t == JsonToken.VALUE_NUMBER_INT) {
                value = p.getIntValue();
            } else {
                p.skipChildren();
            }
        }
        return value;
    }
}
