package dev.chatbot.core.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis server (6.2, shipped inside the embedded-redis jar) started on a free loopback
 * port, so a newcomer needs no Redis of their own. With a data directory it keeps an
 * append-only file there, so history survives restarts. The server lives exactly as long as this
 * JVM (see {@link RedisChild}), and a start first ends a server that an earlier, killed run left
 * on the same directory (see {@link DataDirClaim}).
 */
public final class EmbeddedRedis implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedis.class);

    private final RedisChild server;
    private final DataDirClaim claim;
    private final int port;

    private EmbeddedRedis(RedisChild server, DataDirClaim claim, int port) {
        this.server = server;
        this.claim = claim;
        this.port = port;
    }

    /** @param dataDir where the append-only file goes; null keeps nothing on disk */
    public static EmbeddedRedis start(Path dataDir) {
        try {
            int port = freePort();
            // the binary that embedded-redis ships for this OS, unpacked to a temporary directory
            String binary = ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
            List<String> command = new ArrayList<>(List.of(binary, "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--daemonize", "no"));
            DataDirClaim claim = null;
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                claim = DataDirClaim.take(dataDir);
                command.addAll(List.of("--dir", dataDir.toAbsolutePath().toString(),
                        "--appendonly", "yes", "--appendfsync", "everysec"));
            } else {
                command.addAll(List.of("--save", "", "--appendonly", "no"));
            }
            RedisChild server = RedisChild.launch(command);
            if (claim != null) {
                claim.record(server.pid(), port);
            }
            log.info("Started embedded Redis on 127.0.0.1:{}{}", port,
                    dataDir == null ? "" : " with data under " + dataDir.toAbsolutePath());
            return new EmbeddedRedis(server, claim, port);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Redis", e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The redis-server process. */
    public long pid() {
        return server.pid();
    }

    @Override
    public void close() {
        server.stop();
        if (claim != null) {
            claim.release();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
