package dev.chatbot.core.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay to a real server that a test can cut: from then on its clients' connections stay
 * open and silent, as when a network partition separates one replica from Redis (commands neither fail
 * nor get answers until they time out).
 */
final class CuttableProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String host;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Socket> upstreams = new CopyOnWriteArrayList<>();
    private volatile boolean cut;

    CuttableProxy(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("proxy-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Stops relaying both ways; clients keep their connections and hear nothing more. */
    void cut() {
        cut = true;
        upstreams.forEach(CuttableProxy::closeQuietly);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                if (cut) {
                    continue; // held open, never relayed
                }
                Socket upstream = new Socket(host, port);
                upstreams.add(upstream);
                Thread.ofVirtual().start(() -> relay(client, upstream));
                Thread.ofVirtual().start(() -> relay(upstream, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Copies until either side goes; the client's side is left open when the upstream is cut. */
    private void relay(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; !cut && (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        cut = true;
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        sockets.forEach(CuttableProxy::closeQuietly);
        upstreams.forEach(CuttableProxy::closeQuietly);
    }
}
