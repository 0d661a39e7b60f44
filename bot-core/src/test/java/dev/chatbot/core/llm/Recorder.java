package dev.chatbot.core.llm;

import dev.chatbot.testsupport.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** A stream listener that keeps what it was told, for provider tests. */
public final class Recorder implements StreamListener {

    public final List<String> partials = new CopyOnWriteArrayList<>();
    public final CompletableFuture<Completion> result = new CompletableFuture<>();

    @Override
    public void onPartial(String delta) {
        partials.add(delta);
    }

    @Override
    public void onComplete(Completion completion) {
        result.complete(completion);
    }

    @Override
    public void onError(LlmException error) {
        result.completeExceptionally(error);
    }

    public String text() {
        return String.join("", partials);
    }

    public Completion completion() throws Exception {
        return result.get(10, TimeUnit.SECONDS);
    }

    public LlmException error() throws Exception {
        try {
            result.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (LlmException) e.getCause();
        }
        throw new AssertionError("expected an error, got " + result.get());
    }

    /** Waits until at least {@code n} partials arrived. */
    public void awaitPartials(int n, Duration timeout) {
        Eventually.await(n + " partials", timeout, () -> partials.size() >= n, () -> "partials: " + partials);
    }
}
