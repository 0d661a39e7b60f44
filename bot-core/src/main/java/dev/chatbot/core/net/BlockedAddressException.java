package dev.chatbot.core.net;

import java.net.URI;

/** A URL the bot will not fetch: it leads inside its own network, or nowhere. */
public final class BlockedAddressException extends FetchException {

    public BlockedAddressException(URI url, String why) {
        // the host only: a URL may carry a token in its path or query
        super(Reason.BLOCKED, "not fetching " + (url.getHost() == null ? "?" : url.getHost()) + ": " + why);
    }
}
