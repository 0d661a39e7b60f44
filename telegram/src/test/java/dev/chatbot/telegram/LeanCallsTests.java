package dev.chatbot.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;

class LeanCallsTests {

    final LeanCalls calls = new LeanCalls(new OkHttpClient(), "1:t",
            TelegramUrl.builder().schema("http").host("127.0.0.1").port(9).testServer(false).build());

    LeanCalls.Answer read(String body) throws IOException {
        return calls.read(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_sent_message_gives_its_id_and_the_rest_of_it_is_skipped() throws IOException {
        assertThat(read("{\"ok\":true,\"result\":{\"chat\":{\"id\":5,\"type\":\"private\"},\"entities\":[{\"type\":\"bold\",\"offset\":0}],"
                + "\"message_id\":77,\"text\":\"hi\"}}"))
                .isEqualTo(new LeanCalls.Answer(true, null, null, null, 77));
        assertThat(read("{\"result\":true,\"ok\":true}")).isEqualTo(new LeanCalls.Answer(true, null, null, null, null));
    }

    @Test
    void an_error_gives_its_code_description_and_retry_after() throws IOException {
        assertThat(read("{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 7\",\"parameters\":{\"retry_after\":7}}"))
                .isEqualTo(new LeanCalls.Answer(false, 429, "Too Many Requests: retry after 7", 7, null));
    }

    @Test
    void a_body_that_is_no_json_object_is_refused() {
        assertThatThrownBy(() -> read("<html>Bad Gateway</html>")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("[1]")).isInstanceOf(IOException.class);
    }

    @Test
    void no_more_calls_than_the_bound_are_in_flight_at_once() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch full = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            int now = inFlight.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            try {
                // every call is held until the bound is reached, so more calls would pile up here
                if (now >= LeanCalls.AT_ONCE) {
                    full.countDown();
                }
                full.await(30, TimeUnit.SECONDS);
                byte[] ok = "{\"ok\":true,\"result\":true}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
                exchange.close();
            }
        });
        server.start();
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            LeanCalls bounded = new LeanCalls(TelegramBot.httpClient(), "1:t", TelegramUrl.builder().schema("http")
                    .host("127.0.0.1").port(server.getAddress().getPort()).testServer(false).build());
            List<Future<Integer>> done = new ArrayList<>();
            for (int i = 0; i < LeanCalls.AT_ONCE + 40; i++) {
                long chat = i + 1;
                done.add(callers.submit(() -> bounded.call(SendChatAction.builder().chatId(chat).action("typing").build())));
            }
            for (Future<Integer> call : done) {
                assertThat(call.get(60, TimeUnit.SECONDS)).isNull();
            }
        } finally {
            server.stop(0);
        }
        assertThat(full.getCount()).isZero();
        assertThat(most).hasValue(LeanCalls.AT_ONCE);
    }
}
