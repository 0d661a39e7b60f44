package dev.chatbot.core.tools.builtin;

import dev.chatbot.core.llm.ToolSpec;
import dev.chatbot.core.net.FetchException;
import dev.chatbot.core.net.GuardedFetch;
import dev.chatbot.core.tools.Tool;
import dev.chatbot.core.tools.ToolException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import tools.jackson.databind.JsonNode;

/**
 * fetch_url: GETs a public web page and gives its text. The fetch goes through the address guard at
 * every hop (no loopback, private or link-local address unless config allows that exact one), with
 * caps on size and time; HTML is reduced to its readable text.
 */
public final class FetchUrl implements Tool {

    public static final String NAME = "fetch_url";

    private static final ToolSpec SPEC = new ToolSpec(NAME,
            "Reads a public web page (http or https) and returns its text.",
            "{\"type\":\"object\",\"properties\":{\"url\":{\"type\":\"string\",\"description\":\"The page's full URL\"}},"
                    + "\"required\":[\"url\"]}");

    private final GuardedFetch fetch;
    private final long maxBytes;

    public FetchUrl(GuardedFetch fetch, long maxBytes) {
        this.fetch = fetch;
        this.maxBytes = maxBytes;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public String call(JsonNode arguments) throws ToolException {
        URI url = url(arguments);
        GuardedFetch.Fetched page;
        try {
            page = fetch.get(url, Map.of("User-Agent", "chatbot fetch_url", "Accept", "text/html, text/plain;q=0.9, */*;q=0.5"),
                    maxBytes);
        } catch (FetchException e) {
            throw new ToolException("could not fetch " + url + ": " + e.getMessage());
        }
        String type = page.contentType() == null ? "" : page.contentType().toLowerCase(Locale.ROOT);
        String body = new String(page.body(), charset(type));
        if (type.contains("html") || (type.isEmpty() && body.stripLeading().startsWith("<"))) {
            return Jsoup.parse(body, page.url().toString()).text();
        }
        if (type.startsWith("text/") || type.contains("json") || type.contains("xml") || type.isEmpty()) {
            return body;
        }
        throw new ToolException(url + " is not a text page (" + page.contentType() + ")");
    }

    @Override
    public String subject(JsonNode arguments) {
        try {
            return url(arguments).getHost();
        } catch (ToolException e) {
            return "";
        }
    }

    private static URI url(JsonNode arguments) throws ToolException {
        String raw = arguments.path("url").asString("").strip();
        try {
            URI url = URI.create(raw);
            if (url.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return url;
        } catch (IllegalArgumentException e) {
            throw new ToolException("'" + raw + "' is not a URL");
        }
    }

    private static Charset charset(String contentType) {
        int at = contentType.indexOf("charset=");
        if (at >= 0) {
            try {
                return Charset.forName(contentType.substring(at + 8).replace("\"", "").split(";")[0].strip());
            } catch (RuntimeException unknown) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }
}
