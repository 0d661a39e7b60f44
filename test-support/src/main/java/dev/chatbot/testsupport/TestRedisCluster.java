package dev.chatbot.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real three-master Redis Cluster on loopback, for a test class: started from the redis-server
 * on the machine (each master on a free port, its files in a temporary directory), joined with
 * {@code redis-cli --cluster create}, and stopped, files and all, on {@link #close}.
 */
public final class TestRedisCluster implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(30);

    private final Path dir;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> servers = new ArrayList<>();

    private TestRedisCluster(Path dir) {
        this.dir = dir;
    }

    /** Whether redis-server and redis-cli are on the PATH, as the cluster needs them. */
    public static boolean available() {
        return onPath("redis-server") && onPath("redis-cli");
    }

    public static TestRedisCluster start() {
        TestRedisCluster cluster;
        try {
            cluster = new TestRedisCluster(Files.createTempDirectory("redis-cluster"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            for (int i = 0; i < 3; i++) {
                cluster.startMaster();
            }
            cluster.create();
            return cluster;
        } catch (RuntimeException | IOException | InterruptedException e) {
            cluster.close();
            throw new IllegalStateException("Could not start a Redis Cluster: " + e.getMessage(), e);
        }
    }

    /** BOT_REDIS_URL for it: every master as a seed node. */
    public String url() {
        return "redis-cluster://" + String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
    }

    private void startMaster() throws IOException {
        int port = freePort();
        Path node = Files.createDirectories(dir.resolve(Integer.toString(port)));
        Process server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
                "--dir", node.toString(), "--save", "", "--appendonly", "no", "--protected-mode", "no")
                .redirectErrorStream(true)
                .redirectOutput(node.resolve("redis.log").toFile())
                .start();
        servers.add(server);
        ports.add(port);
        Eventually.await("redis-server on port " + port + " to answer PING", READY, () -> "+PONG".equals(command(port, "PING")));
    }

    private void create() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        ports.forEach(p -> command.add("127.0.0.1:" + p));
        command.add("--cluster-yes");
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("create.log").toFile()).start();
        if (!cli.waitFor(READY.toSeconds(), TimeUnit.SECONDS) || cli.exitValue() != 0) {
            throw new IllegalStateException("redis-cli --cluster create failed: " + Files.readString(dir.resolve("create.log")));
        }
        for (int port : ports) {
            Eventually.await("the cluster to be ok on port " + port, READY,
                    () -> String.valueOf(command(port, "CLUSTER", "INFO")).contains("cluster_state:ok"));
        }
    }

    @Override
    public void close() {
        for (Process server : servers) {
            server.destroy();
        }
        for (Process server : servers) {
            try {
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the OS cleans up what is left
        }
    }

    /** One command in RESP; the reply's first line, or a bulk string whole; null when nothing answers. */
    static String command(int port, String... args) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2000);
            StringBuilder out = new StringBuilder("*" + args.length + "\r\n");
            for (String a : args) {
                out.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            OutputStream os = socket.getOutputStream();
            os.write(out.toString().getBytes(StandardCharsets.UTF_8));
            os.flush();
            InputStream in = socket.getInputStream();
            String first = line(in);
            if (first.startsWith("$")) {
                int length = Integer.parseInt(first.substring(1));
                return length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            return first;
        } catch (IOException e) {
            return null;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static int freePort() throws IOException {
        // the cluster bus listens on port + 10000: both must be free
        for (int tries = 0; tries < 50; tries++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = s.getLocalPort();
                if (port + 10000 <= 65535 && free(port + 10000)) {
                    return port;
                }
            }
        }
        throw new IOException("no free port pair for a cluster node");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String binary) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, binary))) {
                return true;
            }
        }
        return false;
    }
}
