package dev.chatbot.core.llm.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * One provider's HTTP client for its streamed answers, on OkHttp. A call is made blocking on the
 * stream's own virtual thread and its body read there: each network read parks and wakes that one
 * thread, where the JDK HttpClient read on its selector thread and handed every chunk through its
 * executor and a queue to the reader (two or three thread hops per token, most of the bot's LLM I/O
 * CPU). Settings keep what the JDK client did:
 * <ul>
 * <li>no read, write or call timeout: the first-token and idle timeouts of {@code ResilientProvider}
 *     watch the stream and cancel it;</li>
 * <li>no retry on a failed connection and no redirects: a POST that may have been delivered is not
 *     sent twice behind the resilience layer's back, which retries only until text was shown. The
 *     one exception is a kept-alive connection the server had closed ({@link ConnectionReuse});</li>
 * <li>HTTP/2 where TLS's ALPN offers it, else HTTP/1.1 (OkHttp's default).</li>
 * </ul>
 * Only {@code execute()} is used, so OkHttp's Dispatcher never starts a thread.
 */
public final class StreamingClient {

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;

    public StreamingClient(Duration connectTimeout) {
        this.http = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .callTimeout(Duration.ZERO)
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                // hundreds of answers stream at once over HTTP/1.1 (Ollama, relays, the benchmark's
                // fake): OkHttp's default pool keeps 5 idle connections, so each answer past those
                // would open a new one (and a TLS handshake); 256 idle are a few hundred KB of buffers
                // and sockets, closed after 5 minutes without use
                .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
                .eventListenerFactory(ConnectionReuse.FACTORY)
                .build();
    }

    /** Connections kept for the next answers. */
    int idleConnections() {
        return http.connectionPool().idleConnectionCount();
    }

    /** A call whose {@link ConnectionReuse} is its request's tag. */
    Call newCall(StreamRequest request) {
        Request.Builder builder = new Request.Builder()
                .tag(ConnectionReuse.class, new ConnectionReuse())
                .url(HttpUrl.get(request.uri().toString()))
                .header("Accept", "text/event-stream")
                // as the JDK client sent: no gzip, which a proxy may buffer and which costs CPU per chunk
                .header("Accept-Encoding", "identity")
                // the bytes, not the String: OkHttp would append "; charset=utf-8" to the Content-Type
                .post(RequestBody.create(request.json().getBytes(StandardCharsets.UTF_8), JSON));
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            builder.addHeader(h.getKey(), h.getValue());
        }
        return http.newCall(builder.build());
    }
}
