package dev.chatbot.core.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A redis-server process that ends when this JVM ends, however the JVM ends. embedded-redis starts
 * the binary as a plain child, so a JVM killed with -9 (or by the OOM killer) left it running,
 * orphaned, and the next start launched a second Redis on the same append-only file. Here a small
 * POSIX shell sits between the JVM and redis-server and ends redis when the JVM's end of its stdin
 * pipe closes, which the kernel does however the JVM exits.
 */
final class RedisChild {

    private static final Logger log = LoggerFactory.getLogger(RedisChild.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern READY = Pattern.compile("Ready to accept connections");
    private static final Pattern REDIS_PID = Pattern.compile("^watch-parent: redis pid (\\d+)$");

    /**
     * Runs "$@" (redis-server and its options) in the background and sends it SIGTERM, on which
     * Redis flushes its append-only file and exits, once stdin reaches its end. redis-server does
     * not read stdin, so a watcher does: fd 3 keeps the pipe for it, since a background job's
     * stdin is otherwise /dev/null. When redis ends on its own the watcher is dropped, so it can
     * never signal a recycled pid.
     */
    private static final String WATCH_PARENT = """
            exec 3<&0
            "$@" 3<&- </dev/null &
            redis=$!
            echo "watch-parent: redis pid $redis"
            { cat >/dev/null; kill -TERM "$redis" 2>/dev/null; } <&3 &
            watcher=$!
            exec 3<&-
            wait "$redis"
            status=$?
            kill "$watcher" 2>/dev/null
            exit "$status"
            """;

    private final Process process;
    private final ProcessHandle redis;
    private final boolean watched;

    private RedisChild(Process process, ProcessHandle redis, boolean watched) {
        this.process = process;
        this.redis = redis;
        this.watched = watched;
    }

    /** Starts {@code redisCommand} and returns once Redis accepts connections. */
    static RedisChild launch(List<String> redisCommand) throws IOException {
        // Windows has no /bin/sh; there redis stays a plain child, as embedded-redis starts it
        boolean watched = !System.getProperty("os.name", "").startsWith("Windows");
        List<String> command = new ArrayList<>();
        if (watched) {
            command.addAll(List.of("/bin/sh", "-c", WATCH_PARENT, "watch-parent"));
        }
        command.addAll(redisCommand);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Output output = new Output(process, watched);
        try {
            long pid = output.ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            ProcessHandle redis = ProcessHandle.of(pid).orElseThrow(() -> new IOException("redis-server exited at once"));
            return new RedisChild(process, redis, watched);
        } catch (ExecutionException | TimeoutException | IOException e) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IOException("redis-server did not start: " + output.lastLines(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while starting redis-server", e);
        }
    }

    long pid() {
        return redis.pid();
    }

    /** Ends Redis gracefully (SIGTERM: it flushes its data), forcibly if it takes too long. */
    void stop() {
        try {
            if (watched) {
                process.getOutputStream().close(); // as if the JVM had gone: the watcher ends redis
            } else {
                redis.destroy();
            }
        } catch (IOException e) {
            redis.destroy();
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Embedded Redis did not stop within {} s; killing it", STOP_TIMEOUT.toSeconds());
                redis.destroyForcibly();
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            redis.destroyForcibly();
            process.destroyForcibly();
        }
    }

    /**
     * Reads what redis-server writes for as long as it runs (a full pipe would block it), notes
     * Redis's pid and completes {@link #ready} with it once Redis accepts connections.
     */
    private static final class Output {
        final CompletableFuture<Long> ready = new CompletableFuture<>();
        private final Deque<String> last = new ArrayDeque<>();

        Output(Process process, boolean watched) {
            Long knownPid = watched ? null : process.pid();
            Thread.ofPlatform().daemon().name("embedded-redis-output").start(() -> read(process, knownPid));
        }

        private void read(Process process, Long knownPid) {
            Long pid = knownPid;
            boolean accepting = false;
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    Matcher m = REDIS_PID.matcher(line);
                    if (m.matches()) {
                        pid = Long.parseLong(m.group(1));
                    } else {
                        remember(line);
                        log.debug("redis: {}", line);
                        accepting |= READY.matcher(line).find();
                    }
                    if (accepting && pid != null) {
                        ready.complete(pid);
                    }
                }
            } catch (IOException e) {
                // the process is gone; what follows says so
            }
            ready.completeExceptionally(new IOException("redis-server exited"));
        }

        private synchronized void remember(String line) {
            if (last.size() == 20) {
                last.removeFirst();
            }
            last.addLast(line);
        }

        synchronized String lastLines() {
            return last.isEmpty() ? "(no output)" : String.join(" | ", last);
        }
    }
}
