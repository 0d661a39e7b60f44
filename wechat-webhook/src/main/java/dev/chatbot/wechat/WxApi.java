package dev.chatbot.wechat;

import dev.chatbot.core.net.MultipartForm;
import dev.chatbot.core.reply.PlatformRateLimits;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON calls to WeChat's or WeCom's API base (BOT_WECHAT_API_URL, BOT_WECOM_API_URL), with the
 * access token from {@link AccessTokens}: a call refused for a stale token gets a fresh one and
 * is made once more. URLs carry the token, so none is ever logged.
 */
public final class WxApi {

    private final HttpClient http;
    private final JsonMapper json;
    private final String base;
    private volatile AccessTokens tokens;
    private final String platform;
    private final PlatformRateLimits rateLimits;

    public WxApi(HttpClient http, JsonMapper json, URI base) {
        this(http, json, base, "wechat", PlatformRateLimits.NONE);
    }

    /**
     * @param platform   "wechat" or "wecom", as its rate-limit answers are counted
     * @param rateLimits hears each of them (HTTP 429, errcode 45009, 45011, 45047), for metrics
     */
    public WxApi(HttpClient http, JsonMapper json, URI base, String platform, PlatformRateLimits rateLimits) {
        this.platform = platform;
        this.rateLimits = rateLimits;
        this.http = http;
        this.json = json;
        String b = base.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    public void useTokens(AccessTokens tokens) {
        this.tokens = tokens;
    }

    public JsonMapper json() {
        return json;
    }

    /** POSTs {@code body} to {@code path} with the access token; the response when its errcode is 0. */
    public JsonNode postWithToken(String path, Object body) {
        return withToken(token -> post(path + "?access_token=" + enc(token), body));
    }

    /**
     * Uploads {@code form} (multipart/form-data) to {@code path} with the access token and {@code type}
     * in the query, as media/upload takes it; the response when its errcode is 0.
     */
    public JsonNode uploadWithToken(String path, String type, MultipartForm form) {
        byte[] body = form.bytes();
        return withToken(token -> call(HttpRequest.newBuilder(URI.create(base + path + "?access_token=" + enc(token)
                        + "&type=" + enc(type)))
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), path));
    }

    /** A call refused for a stale token gets a fresh one and is made once more. */
    private JsonNode withToken(Function<String, JsonNode> call) {
        String token = tokens.current();
        try {
            return call.apply(token);
        } catch (WxApiException e) {
            if (!e.isStaleToken()) {
                throw e;
            }
            return call.apply(tokens.renew(token));
        }
    }

    /** A GET with a query (its values encoded here); the response when its errcode is 0. */
    public JsonNode get(String path, String... nameValues) {
        StringBuilder url = new StringBuilder(path).append('?');
        for (int i = 0; i < nameValues.length; i += 2) {
            url.append(i == 0 ? "" : "&").append(nameValues[i]).append('=').append(enc(nameValues[i + 1]));
        }
        return call(HttpRequest.newBuilder(URI.create(base + url)).GET(), path);
    }

    public JsonNode post(String pathAndQuery, Object body) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        return call(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8)), path);
    }

    private JsonNode call(HttpRequest.Builder request, String path) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new WxApiException(-1, path + " could not be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WxApiException(-1, path + " was interrupted");
        }
        if (response.statusCode() == 429) {
            rateLimits.limited(platform);
        }
        if (response.statusCode() != 200) {
            throw new WxApiException(-1, path + " answered HTTP " + response.statusCode());
        }
        JsonNode node;
        try {
            node = json.readTree(response.body());
        } catch (JacksonException e) {
            throw new WxApiException(-1, path + " answered something other than JSON");
        }
        int errcode = node.path("errcode").asInt(0);
        if (errcode != 0) {
            WxApiException refused = new WxApiException(errcode, path + " refused: errcode " + errcode + " "
                    + node.path("errmsg").asString(""));
            if (refused.isRateLimited()) {
                rateLimits.limited(platform);
            }
            throw refused;
        }
        return node;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
