package dev.chatbot.core.llm.http;

import dev.chatbot.core.llm.Completion;
import dev.chatbot.core.llm.LlmException;
import dev.chatbot.core.llm.StreamHandle;
import dev.chatbot.core.llm.StreamListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Response;
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
    private final StreamingClient client;
    private final StreamRequest request;
    private final StreamDecoder decoder;
    private final StreamListener listener;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Call call;

    public StreamingCall(String provider, StreamingClient client, StreamRequest request, StreamDecoder decoder,
                         StreamListener listener) {
        this.provider = provider;
        this.client = client;
        this.request = request;
        this.decoder = decoder;
        this.listener = listener;
        decoder.attach(this::partial);
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
            // before the response, during the exchange or while the body streams: it closes the socket
            Call c = call;
            if (c != null) {
                c.cancel();
            }
        }
    }

    private void run() {
        try (Response response = execute()) {
            if (response == null || done.get()) {
                return;
            }
            if (!response.isSuccessful()) {
                String text = readLimited(response.body().byteStream());
                ResponseHeaders headers = name -> Optional.ofNullable(response.header(name));
                fail(withUrl(decoder.httpError(response.code(), headers, text)));
                return;
            }
            readStream(response.body().byteStream());
        } catch (SocketTimeoutException e) {
            // the client has no read, write or call timeout: only connecting can time out
            fail(new LlmException.Unavailable(provider, "connect timeout", null));
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                fail(new LlmException.Interrupted(provider, "interrupted", null));
            } else {
                fail(new LlmException.Unavailable(provider, "connection failed: " + e.getClass().getSimpleName(), null));
            }
        } catch (RuntimeException e) {
            fail(new LlmException.Unavailable(provider, "unexpected: " + e.getClass().getSimpleName(), e));
        }
    }

    /**
     * Sends the request, again on another connection while it fails on one kept from an earlier
     * call: the server had closed that one (see {@link ConnectionReuse}). Each failure retires its
     * connection, so this ends once the kept ones are used up.
     *
     * @return null when cancelled first
     */
    private Response execute() throws IOException {
        while (true) {
            Call c = client.newCall(request);
            call = c;
            if (done.get()) {
                return null; // cancelled before this call existed: never sent
            }
            try {
                return c.execute();
            } catch (IOException e) {
                if (done.get() || !c.request().tag(ConnectionReuse.class).keptConnection()) {
                    throw e;
                }
                log.debug("{}: a kept connection was closed by the server ({}), sending again", provider,
                        e.getClass().getSimpleName());
            }
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
                ? new LlmException.Misconfigured(provider, error.getMessage() + " -- POST " + request.uri()
                        + " does not exist: check the provider's base URL")
                : error;
    }

    private void fail(LlmException error) {
        if (done.compareAndSet(false, true)) {
            log.debug("{} stream failed: {}", provider, error.getMessage());
            listener.onError(error);
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
