package dev.chatbot.core.tools.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.chatbot.core.net.AddressGuard;
import dev.chatbot.core.net.GuardedFetch;
import dev.chatbot.core.tools.ToolException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * fetch_url reads a page as text, and refuses the bot's own network: loopback, private and
 * link-local addresses, and redirects to them, even from a site config allowed.
 */
class FetchUrlTests {

    final HttpServer site = server();
    final String base = "http://127.0.0.1:" + site.getAddress().getPort();
    // the site itself is allowed, as config may allow a wiki on the LAN; nothing else inside is
    final FetchUrl fetchUrl = new FetchUrl(new GuardedFetch(new AddressGuard(Set.of(URI.create(base))), Duration.ofSeconds(5)),
            100_000);

    static HttpServer server() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            s.createContext("/page", e -> {
                byte[] body = "<html><head><script>var x=1;</script><title>T</title></head><body><h1>Hello</h1><p>a page</p></body></html>"
                        .getBytes(StandardCharsets.UTF_8);
                e.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                e.sendResponseHeaders(200, body.length);
                e.getResponseBody().write(body);
                e.close();
            });
            s.createContext("/to-metadata", e -> redirect(e, "http://169.254.169.254/latest/meta-data/"));
            s.createContext("/to-loopback", e -> redirect(e, "http://127.0.0.1:1/admin"));
            s.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void redirect(com.sun.net.httpserver.HttpExchange e, String to) throws IOException {
        e.getResponseHeaders().add("Location", to);
        e.sendResponseHeaders(302, -1);
        e.close();
    }

    @AfterEach
    void stop() {
        site.stop(0);
    }

    static JsonNode url(String url) {
        return JsonMapper.builder().build().createObjectNode().put("url", url);
    }

    @Test
    void a_page_is_read_as_its_text() throws Exception {
        assertThat(fetchUrl.call(url(base + "/page"))).isEqualTo("T Hello a page");
        assertThat(fetchUrl.subject(url(base + "/page"))).isEqualTo("127.0.0.1");
    }

    @Test
    void loopback_private_and_link_local_addresses_are_refused() {
        for (String inside : new String[] {"http://127.0.0.1:8080/", "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/"}) {
            assertThatThrownBy(() -> fetchUrl.call(url(inside))).isInstanceOf(ToolException.class)
                    .hasMessageContaining("internal address");
        }
    }

    @Test
    void a_redirect_inward_is_refused() {
        assertThatThrownBy(() -> fetchUrl.call(url(base + "/to-metadata"))).isInstanceOf(ToolException.class)
                .hasMessageContaining("169.254.169.254");
        assertThatThrownBy(() -> fetchUrl.call(url(base + "/to-loopback"))).isInstanceOf(ToolException.class)
                .hasMessageContaining("internal address 127.0.0.1");
    }

    @Test
    void what_is_no_url_is_said_to_the_model() {
        assertThatThrownBy(() -> fetchUrl.call(url("not a url"))).isInstanceOf(ToolException.class)
                .hasMessageContaining("is not a URL");
        assertThatThrownBy(() -> fetchUrl.call(url("file:///etc/passwd"))).isInstanceOf(ToolException.class);
    }
}
