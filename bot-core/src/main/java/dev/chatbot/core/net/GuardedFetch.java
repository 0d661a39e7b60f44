package dev.chatbot.core.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * GETs a URL the bot did not choose itself (an attachment, a picture's URL, later a page a tool
 * reads): every hop is checked by the {@link AddressGuard} before it is requested, redirects are
 * followed by hand so that each target is checked too, and the body is read only up to a cap.
 */
public final class GuardedFetch {

    static final int MAX_REDIRECTS = 5;

    /**
     * @param url         where it came from in the end, after redirects
     * @param contentType as the server said, or null
     */
    public record Fetched(URI url, String contentType, byte[] body) {
    }

    private final AddressGuard guard;
    private final HttpClient http;
    private final Duration timeout;

    public GuardedFetch(AddressGuard guard, Duration timeout) {
        this.guard = guard;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER) // each hop is checked here first
                .connectTimeout(timeout)
                .build();
    }

    /**
     * @param headers  sent with the first request only: a redirect to another host must not carry credentials
     * @param maxBytes the most it reads; a longer body is {@link FetchException.Reason#TOO_LARGE}
     * @throws FetchException (or {@link BlockedAddressException}) when it gives nothing
     */
    public Fetched get(URI url, Map<String, String> headers, long maxBytes) {
        URI at = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            guard.check(at);
            HttpRequest.Builder request = HttpRequest.newBuilder(at).timeout(timeout).GET();
            if (hop == 0) {
                headers.forEach(request::header);
            }
            HttpResponse<InputStream> response = send(at, request.build());
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                String location = response.headers().firstValue("Location").orElse(null);
                close(response);
                if (location == null) {
                    throw new FetchException(FetchException.Reason.REFUSED, "redirect without a location from " + at.getHost());
                }
                at = at.resolve(location);
                continue;
            }
            if (status != 200) {
                close(response);
                throw new FetchException(FetchException.Reason.REFUSED, "HTTP " + status + " from " + at.getHost());
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                close(response);
                throw new FetchException(FetchException.Reason.TOO_LARGE, declared + " bytes from " + at.getHost());
            }
            return new Fetched(at, response.headers().firstValue("Content-Type").orElse(null), read(at, response, maxBytes));
        }
        throw new FetchException(FetchException.Reason.REFUSED, "more than " + MAX_REDIRECTS + " redirects from " + url.getHost());
    }

    private HttpResponse<InputStream> send(URI at, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new FetchException(FetchException.Reason.UNREACHABLE, at.getHost() + ": " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException(FetchException.Reason.UNREACHABLE, "interrupted", e);
        }
    }

    private static byte[] read(URI at, HttpResponse<InputStream> response, long maxBytes) {
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw new FetchException(FetchException.Reason.TOO_LARGE, "more than " + maxBytes + " bytes from " + at.getHost());
            }
            return body;
        } catch (IOException e) {
            throw new FetchException(FetchException.Reason.UNREACHABLE, at.getHost() + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // the connection goes away with it
        }
    }
}
