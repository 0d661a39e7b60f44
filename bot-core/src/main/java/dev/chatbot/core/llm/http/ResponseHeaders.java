package dev.chatbot.core.llm.http;

import java.util.Optional;

/**
 * The headers of an error answer, as {@link HttpErrorMapper} reads them (Retry-After and friends),
 * whichever HTTP client received it: the streams' OkHttp and the media calls' JDK client alike.
 */
@FunctionalInterface
public interface ResponseHeaders {

    /** The first value of the header, its name in any case. */
    Optional<String> first(String name);

    static ResponseHeaders none() {
        return name -> Optional.empty();
    }
}
