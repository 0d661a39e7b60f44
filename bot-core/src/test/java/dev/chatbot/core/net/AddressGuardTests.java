package dev.chatbot.core.net;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressGuardTests {

    final HttpServer server = start();
    final String base = "http://127.0.0.1:" + server.getAddress().getPort();
    final List<String> served = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
            "0.0.0.0", "100.64.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1",
            "::ffff:169.254.169.254", "64:ff9b::a00:1", "224.0.0.1", "255.255.255.255"})
    void internal_addresses_are_recognised(String address) throws Exception {
        assertThat(AddressGuard.isInternal(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"})
    void public_addresses_are_not(String address) throws Exception {
        assertThat(AddressGuard.isInternal(InetAddress.getByName(address))).isFalse();
    }

    @Test
    void every_address_a_name_resolves_to_is_checked() {
        AddressGuard guard = new AddressGuard(host -> new InetAddress[] {
                InetAddress.getByName("93.184.215.14"), InetAddress.getByName("10.1.2.3")}, Set.of());
        assertThatThrownBy(() -> guard.check(URI.create("https://pictures.example/cat.jpg")))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("10.1.2.3");
        AddressGuard open = new AddressGuard(host -> new InetAddress[] {InetAddress.getByName("93.184.215.14")}, Set.of());
        open.check(URI.create("https://pictures.example/cat.jpg"));
    }

    @Test
    void loopback_by_name_or_number_and_other_schemes_are_refused() {
        AddressGuard guard = new AddressGuard(Set.of());
        for (String url : List.of("http://localhost:8080/", "http://127.0.0.1/", "http://[::1]:9000/x",
                "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[fd00::5]/", "file:///etc/passwd",
                "ftp://example.com/")) {
            assertThatThrownBy(() -> guard.check(URI.create(url))).as(url).isInstanceOf(BlockedAddressException.class);
        }
    }

    @Test
    void a_configured_base_on_loopback_stays_reachable_by_its_host_and_port_only() {
        AddressGuard guard = new AddressGuard(Set.of(URI.create(base + "/bot")));
        guard.check(URI.create(base + "/file/bot123/photos/a.jpg"));
        assertThatThrownBy(() -> guard.check(URI.create("http://127.0.0.1:1/")))
                .isInstanceOf(BlockedAddressException.class);
    }

    @Test
    void a_fetch_follows_redirects_and_checks_each_hop() {
        GuardedFetch fetch = new GuardedFetch(new AddressGuard(Set.of(URI.create(base))), Duration.ofSeconds(5));
        GuardedFetch.Fetched got = fetch.get(URI.create(base + "/hop"), Map.of(), 1000);
        assertThat(new String(got.body(), StandardCharsets.UTF_8)).isEqualTo("picture");
        assertThat(got.contentType()).isEqualTo("image/jpeg");
        assertThat(served).containsExactly("/hop", "/picture");
    }

    @Test
    void a_redirect_to_an_internal_address_is_refused_before_it_is_requested() {
        GuardedFetch fetch = new GuardedFetch(new AddressGuard(Set.of(URI.create(base))), Duration.ofSeconds(5));
        for (String path : List.of("/to-metadata", "/to-private", "/to-other-port")) {
            assertThatThrownBy(() -> fetch.get(URI.create(base + path), Map.of(), 1000))
                    .as(path)
                    .isInstanceOfSatisfying(BlockedAddressException.class,
                            e -> assertThat(e.reason()).isEqualTo(FetchException.Reason.BLOCKED));
        }
        assertThat(served).containsExactly("/to-metadata", "/to-private", "/to-other-port");
    }

    @Test
    void a_body_over_the_cap_is_refused() {
        GuardedFetch fetch = new GuardedFetch(new AddressGuard(Set.of(URI.create(base))), Duration.ofSeconds(5));
        assertThatThrownBy(() -> fetch.get(URI.create(base + "/picture"), Map.of(), 3))
                .isInstanceOfSatisfying(FetchException.class,
                        e -> assertThat(e.reason()).isEqualTo(FetchException.Reason.TOO_LARGE));
    }

    private HttpServer start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            s.createContext("/", exchange -> {
                try (exchange) {
                    String path = exchange.getRequestURI().getPath();
                    served.add(path);
                    String location = switch (path) {
                        case "/hop" -> "/picture";
                        case "/to-metadata" -> "http://169.254.169.254/latest/meta-data/";
                        case "/to-private" -> "http://10.0.0.1/picture";
                        case "/to-other-port" -> "http://127.0.0.1:1/picture";
                        default -> null;
                    };
                    if (location != null) {
                        exchange.getResponseHeaders().add("Location", location);
                        exchange.sendResponseHeaders(302, -1);
                        return;
                    }
                    byte[] body = "picture".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            s.start();
            return s;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
