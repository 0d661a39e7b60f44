package dev.chatbot.core.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Redis's claim on its data directory: a file there naming the Redis process, its port
 * and the JVM that started it. Two Redis servers appending to one file would corrupt it, so a start
 * reads the claim first: a Redis whose JVM is gone is a leftover (say the JVM was killed before its
 * Redis could notice) and is ended once it proves to be a redis-server serving this very directory;
 * a Redis whose JVM still runs belongs to another bot, and the start is refused.
 */
final class DataDirClaim {

    static final String FILE = "embedded-redis.pid";
    private static final Logger log = LoggerFactory.getLogger(DataDirClaim.class);
    private static final Duration END_TIMEOUT = Duration.ofSeconds(15);

    private final Path dir;
    private final Path file;

    private DataDirClaim(Path dir) {
        this.dir = dir;
        this.file = dir.resolve(FILE);
    }

    /** Ends a leftover Redis on {@code dir}, or throws if a running bot uses it. */
    static DataDirClaim take(Path dir) throws IOException {
        DataDirClaim claim = new DataDirClaim(dir.toRealPath());
        claim.clearLeftover();
        return claim;
    }

    /** Records the Redis now serving the directory, for the next start to check. */
    void record(long redisPid, int port) throws IOException {
        ProcessHandle self = ProcessHandle.current();
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(redisPid));
        p.setProperty("port", Integer.toString(port));
        p.setProperty("owner", Long.toString(self.pid()));
        self.info().startInstant().ifPresent(t -> p.setProperty("owner-start", Long.toString(t.getEpochSecond())));
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "the embedded Redis of this directory and the bot process that started it");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void release() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", file, e.getMessage());
        }
    }

    private void clearLeftover() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Optional<ProcessHandle> redis = number(p, "pid").flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive).filter(DataDirClaim::isRedisServer);
        if (redis.isPresent()) {
            if (ownerRuns(p)) {
                throw new IllegalStateException("The data directory " + dir + " is in use by the embedded Redis of "
                        + "another running bot (process " + p.getProperty("owner") + "). Stop that bot first, or give "
                        + "this one another BOT_DATA_DIR.");
            }
            int port = number(p, "port").orElse(0L).intValue();
            if (servesThisDir(port)) {
                end(redis.get());
            } else {
                log.warn("Process {} named in {} is a redis-server, but not one serving {}; leaving it alone",
                        redis.get().pid(), file, dir);
            }
        }
        Files.deleteIfExists(file);
    }

    private void end(ProcessHandle redis) {
        log.warn("Ending the embedded Redis (process {}) that an earlier run left behind on {}", redis.pid(), dir);
        redis.destroy(); // SIGTERM: Redis flushes its append-only file, then exits
        if (!awaitExit(redis, END_TIMEOUT)) {
            log.warn("The leftover Redis (process {}) ignored SIGTERM for {} s; killing it", redis.pid(),
                    END_TIMEOUT.toSeconds());
            redis.destroyForcibly();
            if (!awaitExit(redis, Duration.ofSeconds(5))) {
                throw new IllegalStateException("Could not end the leftover Redis (process " + redis.pid() + ") on "
                        + dir + "; end it by hand before starting the bot");
            }
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    /** The JVM that started the Redis still runs: the same pid, started at the same second. */
    private static boolean ownerRuns(Properties p) {
        Optional<ProcessHandle> owner = number(p, "owner").flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        Optional<Long> recorded = number(p, "owner-start");
        return owner.isPresent() && (recorded.isEmpty() || owner.get().info().startInstant()
                .map(Instant::getEpochSecond).map(recorded.get()::equals).orElse(true));
    }

    private static boolean isRedisServer(ProcessHandle process) {
        // unknown (another user's process, say) counts as a maybe: the port check decides
        return process.info().command()
                .map(c -> Path.of(c).getFileName().toString().startsWith("redis-server")).orElse(true);
    }

    /** Asks the Redis on {@code port} for its directory (CONFIG GET dir) and compares. */
    private boolean servesThisDir(int port) {
        if (port <= 0) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write("*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$3\r\ndir\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            // the reply: *2, $3, dir, $<length>, <the directory>
            String[] reply = new String[5];
            for (int i = 0; i < reply.length; i++) {
                reply[i] = in.readLine();
            }
            return "*2".equals(reply[0]) && "dir".equals(reply[2]) && reply[4] != null
                    && Path.of(reply[4]).toRealPath().equals(dir);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<Long> number(Properties p, String key) {
        try {
            return Optional.of(Long.parseLong(p.getProperty(key, "").strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
