package dev.chatbot.core.llm.http;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A provider's streamed chat call: a JSON body POSTed for an SSE answer. The provider adds only what
 * is its own (the URL, its key header, configured headers); {@link StreamingCall} sends the
 * Content-Type and Accept every provider shares.
 *
 * @param headers in the order they are sent; values may hold keys, so this record never prints them
 */
public record StreamRequest(URI uri, Map<String, String> headers, String json) {

    public StreamRequest {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** Without headers or query, either of which may carry a key. */
    @Override
    public String toString() {
        return "POST " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }
}
