package dev.chatbot.core.llm.http;

import dev.chatbot.core.llm.Completion;
import dev.chatbot.core.llm.LlmException;
import dev.chatbot.core.llm.StreamHandle;
import dev.chatbot.core.llm.StreamListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed HTTP call, the part every provider shares: sends the request on a virtual thread,
 * maps an error status, feeds the SSE events to the provider's {@link StreamDecoder} and calls
 * the listener exactly once at the end. Cancelling aborts the connection, whether the response
 * has begun or not.
 */
public final class StreamingCall {

    private static final Logger log = LoggerFactory.getLogger(StreamingCall.class);

    private final String provider;
    private final HttpClient http;
    private final HttpRequest request;
    private final StreamDecoder decoder;
    private final StreamListener listener;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile InputStream body;
    private volatile CompletableFuture<HttpResponse<InputStream>> pending;

    public StreamingCall(String provider, HttpClient http, HttpRequest request, StreamDecoder decoder, StreamListener listener) {
        this.provider = provider;
        this.http = http;
        this.request = request;
        this.decoder = decoder;
        this.listener = listener;
        decoder.attach(this::partial);
    }

    public static HttpClient newHttpClient(java.time.Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
    }

    public StreamHandle start() {
        Thread.ofVirtual().name("llm-" + provider).start(this::run);
        return this::cancel;
    }

    private void partial(String delta) {
        if (!done.get()) {
            listener.onPartial(delta);
        }
    }

    private void cancel() {
        if (done.compareAndSet(false, true)) {
            // before the response: cancelling the exchange aborts it; after: closing the body does
            CompletableFuture<HttpResponse<InputStream>> exchange = pending;
            if (exchange != null) {
                exchange.cancel(true);
            }
            closeQuietly();
        }
    }

    private void run() {
        try {
            pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
            if (done.get()) {
                pending.cancel(true);
                return;
            }
            HttpResponse<InputStream> response;
            try {
                response = pending.get();
            } catch (CancellationException cancelled) {
                return;
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
            body = response.body();
            if (done.get()) {
                return;
            }
            if (response.statusCode() / 100 != 2) {
                String text = readLimited(response.body());
                fail(withUrl(decoder.httpError(response.statusCode(), response.headers(), text)));
                return;
            }
            readStream(response.body());
        } catch (HttpConnectTimeoutException e) {
            fail(new LlmException.Unavailable(provider, "connect timeout", null));
        } catch (IOException e) {
            fail(new LlmException.Unavailable(provider, "connection failed: " + e.getClass().getSimpleName(), null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new LlmException.Interrupted(provider, "interrupted", null));
        } catch (RuntimeException e) {
            fail(new LlmException.Unavailable(provider, "unexpected: " + e.getClass().getSimpleName(), e));
        } finally {
            closeQuietly();
        }
    }

    private void readStream(InputStream in) {
        boolean stopped;
        try {
            stopped = SseReader.read(in, event -> !done.get() && decoder.onEvent(event), decoder::onStrayLine);
        } catch (IOException | RuntimeException e) {
            // a dropped connection, or a chunk we cannot read: either way the answer stops here
            if (!done.get()) {
                String what = (e instanceof IOException ? "stream broke: " : "unreadable stream: ")
                        + e.getClass().getSimpleName();
                fail(decoder.shown()
                        ? new LlmException.Interrupted(provider, what, e)
                        : new LlmException.Unavailable(provider, what, e));
            }
            return;
        }
        if (done.get()) {
            return;
        }
        Completion completion;
        try {
            completion = decoder.finish(stopped);
        } catch (LlmException e) {
            fail(e);
            return;
        }
        if (done.compareAndSet(false, true)) {
            listener.onComplete(completion);
        }
    }

    /** A missing endpoint's log line names the URL, since the base URL is what the admin must fix. */
    private LlmException withUrl(LlmException error) {
        return error instanceof LlmException.Misconfigured
                ? new LlmException.Misconfigured(provider, error.getMessage() + " -- " + request.method() + " "
                        + request.uri() + " does not exist: check the provider's base URL")
                : error;
    }

    private void fail(LlmException error) {
        if (done.compareAndSet(false, true)) {
            log.debug("{} stream failed: {}", provider, error.getMessage());
            listener.onError(error);
        }
    }

    private void closeQuietly() {
        InputStream in = body;
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the connection is being abandoned anyway
            }
        }
    }

    private static String readLimited(InputStream in) {
        try (in) {
            return new String(in.readNBytes(8192), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
