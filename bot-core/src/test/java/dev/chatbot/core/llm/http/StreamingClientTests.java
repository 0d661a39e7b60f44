package dev.chatbot.core.llm.http;

import dev.chatbot.core.llm.Completion;
import dev.chatbot.core.llm.LlmException;
import dev.chatbot.core.llm.Recorder;
import dev.chatbot.testsupport.Eventually;
import dev.chatbot.testsupport.FakeOpenAiServer;
import dev.chatbot.testsupport.FakeOpenAiServer.Script;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The transport of the model streams: its connection pool and its connect timeout. */
class StreamingClientTests {

    static final String BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}";

    final FakeOpenAiServer server = new FakeOpenAiServer();
    final StreamingClient client = new StreamingClient(Duration.ofSeconds(5));

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void many_answers_at_once_leave_their_connections_for_the_next_ones() throws Exception {
        // more answers at once than OkHttp's default pool keeps (5): that pool would drop 7 of these
        // connections, and the second wave would open 7 new ones
        int chats = 12;
        List<CountDownLatch> waves = List.of(new CountDownLatch(chats), new CountDownLatch(chats));
        for (CountDownLatch all : waves) {
            // the fake answers no one of the wave before all have asked: each needs its own connection
            server.respondWith(r -> {
                all.countDown();
                await(all);
                return Script.tokens(Duration.ZERO, "a", "b");
            });
            List<Recorder> answers = new ArrayList<>();
            for (int i = 0; i < chats; i++) {
                Recorder r = new Recorder();
                answers.add(r);
                new StreamingCall("openai", client, request(server.baseUrl()), new TextDecoder(), r).start();
            }
            for (Recorder r : answers) {
                assertThat(r.completion().finishReason()).isEqualTo("stop");
                assertThat(r.text()).contains("\"a\"");
            }
            Eventually.await("all connections idle", Duration.ofSeconds(5), () -> client.idleConnections() == chats,
                    () -> client.idleConnections() + " idle");
        }
        assertThat(server.connections()).isEqualTo(chats);
    }

    @Test
    void a_kept_connection_the_server_has_closed_is_replaced_by_a_new_one() throws Exception {
        try (OneAnswerPerConnection server = new OneAnswerPerConnection()) {
            for (int i = 0; i < 3; i++) {
                Recorder r = new Recorder();
                new StreamingCall("openai", client, request(server.baseUrl()), new TextDecoder(), r).start();
                assertThat(r.completion().finishReason()).as("answer %d", i + 1).isEqualTo("stop");
                assertThat(r.text()).isEqualTo("hello");
                // the answer is whole and the pool holds its connection, which the server closes
                Eventually.await("the connection kept", Duration.ofSeconds(5), () -> client.idleConnections() == 1);
            }
            assertThat(server.accepted()).isEqualTo(3);
        }
    }

    @Test
    void a_server_that_takes_no_connection_is_a_connect_timeout() throws Exception {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = (InetSocketAddress) full.getLocalSocketAddress();
            List<Socket> queued = new ArrayList<>();
            try {
                // never accepted: once its backlog is full, the kernel drops further handshakes
                assumeTrue(fillBacklog(address, queued), "this kernel accepts handshakes beyond the backlog");
                StreamingClient impatient = new StreamingClient(Duration.ofMillis(300));
                Recorder r = new Recorder();

                new StreamingCall("openai", impatient, request("http://127.0.0.1:" + address.getPort() + "/v1"),
                        new TextDecoder(), r).start();

                assertThat(r.error()).isInstanceOf(LlmException.Unavailable.class).hasMessageContaining("connect timeout");
            } finally {
                for (Socket s : queued) {
                    s.close();
                }
            }
        }
    }

    /** @return whether a handshake now times out */
    private static boolean fillBacklog(InetSocketAddress address, List<Socket> queued) throws IOException {
        for (int i = 0; i < 16; i++) {
            Socket s = new Socket();
            try {
                s.connect(address, 200);
                queued.add(s);
            } catch (SocketTimeoutException full) {
                s.close();
                return true;
            }
        }
        return false;
    }

    private static StreamRequest request(String baseUrl) {
        return new StreamRequest(URI.create(baseUrl + "/chat/completions"), Map.of("Authorization", "Bearer sk-test"), BODY);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("the whole wave asked").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A server that keeps no connection alive although it says nothing about it: each answers one
     * request, with a Content-Length, and is closed, as servers do with connections beyond those
     * they keep idle.
     */
    private static final class OneAnswerPerConnection implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger accepted = new AtomicInteger();

        OneAnswerPerConnection() throws IOException {
            Thread.ofVirtual().start(this::serve);
        }

        String baseUrl() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
        }

        int accepted() {
            return accepted.get();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    accepted.incrementAndGet();
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    int length = 0;
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring("content-length:".length()).trim());
                        }
                    }
                    // read to its end, or closing would reset the connection; the JSON is ASCII: characters are bytes
                    for (long left = length; left > 0; ) {
                        long skipped = in.skip(left);
                        if (skipped <= 0) {
                            break;
                        }
                        left -= skipped;
                    }
                    byte[] body = "data: hel\n\ndata: lo\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: " + body.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                } catch (IOException e) {
                    // closed by the test, or a client that left
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Passes each chunk on as it is; the transport is under test, not a wire format. */
    private static final class TextDecoder extends StreamDecoder {
        private boolean ended;

        TextDecoder() {
            super("openai");
        }

        @Override
        protected boolean onEvent(SseReader.Event event) {
            if (event.data().equals("[DONE]")) {
                ended = true;
                return false;
            }
            emit(event.data());
            return true;
        }

        @Override
        protected Completion finish(boolean stopped) {
            if (!ended) {
                throw endedEarly();
            }
            return new Completion(null, "stop");
        }
    }
}
