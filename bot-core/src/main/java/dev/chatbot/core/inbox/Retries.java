package dev.chatbot.core.inbox;

import dev.chatbot.core.RootCause;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes that must land: tried once, and when that fails, again on a virtual thread of their own
 * with backoff until Redis answers, so no chat's lane waits for Redis to come back. Ends without
 * success once the inbox lets go (the app is stopping): what is unwritten then stays recorded.
 */
final class Retries {

    private static final Logger log = LoggerFactory.getLogger(Retries.class);

    static final Duration FIRST_WAIT = Duration.ofMillis(200);
    static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

    private final BooleanSupplier givenUp;

    /** @param givenUp true once the app is stopping */
    Retries(BooleanSupplier givenUp) {
        this.givenUp = givenUp;
    }

    /** Tries {@code write} now and, if that fails, in the background. */
    CompletableFuture<Void> firstThenInBackground(Supplier<? extends CompletionStage<?>> write, String what) {
        if (givenUp.getAsBoolean()) {
            return stopping(what);
        }
        return attempt(write).exceptionallyCompose(e -> inBackground(write, what, e));
    }

    /** Tries {@code write} again in the background, after a first attempt failed with {@code first}. */
    CompletableFuture<Void> inBackground(Supplier<? extends CompletionStage<?>> write, String what, Throwable first) {
        log.warn("Could not {} ({}); trying again until Redis answers", what, RootCause.describe(first));
        CompletableFuture<Void> result = new CompletableFuture<>();
        Thread.ofVirtual().name("inbox-retry").start(() -> {
            Duration wait = FIRST_WAIT;
            for (int tries = 2; !givenUp.getAsBoolean(); tries++) {
                try {
                    Thread.sleep(wait);
                    if (givenUp.getAsBoolean()) {
                        break;
                    }
                    attempt(write).get();
                    log.info("Managed to {} at try {}", what, tries);
                    result.complete(null);
                    return;
                } catch (ExecutionException e) {
                    log.debug("Still could not {}: {}", what, RootCause.describe(e));
                } catch (InterruptedException e) {
                    break;
                }
                wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait.multipliedBy(2);
            }
            result.completeExceptionally(new CancellationException("the app is stopping: left to " + what + " at the next start"));
        });
        return result;
    }

    private static CompletableFuture<Void> attempt(Supplier<? extends CompletionStage<?>> write) {
        try {
            return write.get().toCompletableFuture().thenApply(x -> null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static CompletableFuture<Void> stopping(String what) {
        return CompletableFuture.failedFuture(new CancellationException("the app is stopping: left to " + what + " at the next start"));
    }
}
