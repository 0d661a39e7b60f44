package dev.chatbot.core.llm.http;

import java.net.InetSocketAddress;
import java.net.Proxy;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Protocol;

/**
 * Whether a call went out on a kept-alive HTTP/1.1 connection of an earlier call, rather than one it
 * opened. A server may close a kept connection at any moment (most keep a limited number idle, and the JDK's
 * HttpServer closes all beyond 200); OkHttp only probes a kept connection before a POST once it has
 * been idle for 10 s, so the next call on it fails before any answer arrives. The JDK HttpClient
 * dropped such connections as soon as the server closed them; {@link StreamingCall} sends such a
 * call again on another connection instead. HTTP/2 is not this case: OkHttp sees a server's GOAWAY,
 * and a stream reset on a shared connection may come after the server took the request. One per
 * call, carried as the request's tag.
 */
final class ConnectionReuse extends EventListener {

    static final EventListener.Factory FACTORY = call -> {
        ConnectionReuse reuse = call.request().tag(ConnectionReuse.class);
        return reuse != null ? reuse : EventListener.NONE;
    };

    private volatile boolean opened;
    private volatile boolean acquired;
    private volatile boolean http2;

    @Override
    public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
        opened = true;
    }

    @Override
    public void connectionAcquired(Call call, Connection connection) {
        acquired = true;
        http2 = connection.protocol() == Protocol.HTTP_2 || connection.protocol() == Protocol.H2_PRIOR_KNOWLEDGE;
    }

    /** True when the call went out on an HTTP/1.1 connection it did not open itself. */
    boolean keptConnection() {
        return acquired && !opened && !http2;
    }
}
