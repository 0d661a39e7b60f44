package dev.chatbot.core.llm.http;

import dev.chatbot.core.llm.Completion;
import dev.chatbot.core.llm.LlmException;
import java.util.function.Consumer;

/**
 * Turns one provider's stream format into partial text, usage and typed errors. One instance per
 * call; {@link StreamingCall} feeds it the events and asks it at the end how the stream ended.
 */
public abstract class StreamDecoder {

    protected final String provider;
    private Consumer<String> out;
    private boolean shown;

    protected StreamDecoder(String provider) {
        this.provider = provider;
    }

    final void attach(Consumer<String> out) {
        this.out = out;
    }

    /** Passes answer text on; empty deltas are dropped. */
    protected final void emit(String delta) {
        if (delta != null && !delta.isEmpty()) {
            shown = true;
            out.accept(delta);
        }
    }

    /** Whether any answer text has reached the user: decides Unavailable versus Interrupted. */
    protected final boolean shown() {
        return shown;
    }

    /** @return false once the stream has said everything (its end or an error) */
    protected abstract boolean onEvent(SseReader.Event event);

    /** A line that is no SSE field; most providers never send one. */
    protected void onStrayLine(String line) {
    }

    /**
     * How the stream ended, once reading stopped.
     *
     * @param stopped true when {@link #onEvent} asked to stop, false when the connection ended
     * @throws LlmException when the stream carried an error or ended before the answer did
     */
    protected abstract Completion finish(boolean stopped);

    /** Maps a non-2xx answer; providers with their own error shapes may refine it. */
    protected LlmException httpError(int status, ResponseHeaders headers, String body) {
        return HttpErrorMapper.map(provider, status, headers, body);
    }

    /** The stream ended without the provider's word that the answer was complete. */
    protected final LlmException endedEarly() {
        return shown
                ? new LlmException.Interrupted(provider, "stream ended before the answer did", null)
                : new LlmException.Unavailable(provider, "stream ended before any answer", null);
    }

    /** An error the provider reported inside a stream that had started with 200. */
    protected final LlmException midStream(String code, String message) {
        return HttpErrorMapper.midStream(provider, code, message, shown);
    }
}
