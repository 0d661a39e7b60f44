package dev.chatbot.core.llm.resilience;

import dev.chatbot.core.llm.Completion;
import dev.chatbot.core.llm.LlmException;
import dev.chatbot.core.llm.LlmProvider;
import dev.chatbot.core.llm.LlmRequest;
import dev.chatbot.core.llm.StreamHandle;
import dev.chatbot.core.llm.StreamListener;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a provider with Resilience4j: retries with exponential backoff and jitter for errors
 * worth retrying (honouring Retry-After), but only until the first piece of text has been passed
 * on, so no visible text is ever duplicated; a circuit breaker per provider; a first-token and an
 * idle timeout. It implements the same port, so the engine does not know it is there.
 */
public final class ResilientProvider implements LlmProvider {

    private static final Logger log = LoggerFactory.getLogger(ResilientProvider.class);

    private final LlmProvider delegate;
    private final ResilienceSettings settings;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final ScheduledExecutorService scheduler;

    public ResilientProvider(LlmProvider delegate, ResilienceSettings settings, ScheduledExecutorService scheduler) {
        this.delegate = delegate;
        this.settings = settings;
        this.scheduler = scheduler;
        this.breaker = CircuitBreaker.of(delegate.name(), CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .minimumNumberOfCalls(settings.minimumCalls())
                .slidingWindowSize(Math.max(settings.minimumCalls(), 10))
                .waitDurationInOpenState(settings.openDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(ResilientProvider::isProviderFault)
                .build());
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(
                settings.initialBackoff(), 2.0, 0.5, settings.maxBackoff());
        this.retry = Retry.of(delegate.name(), RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(this::isWorthRetrying)
                .intervalBiFunction((IntervalBiFunction<Object>) (attempt, outcome) -> {
                    if (outcome.isLeft() && outcome.getLeft() instanceof LlmException.RateLimited r && r.retryAfter() != null) {
                        return r.retryAfter().toMillis();
                    }
                    return backoff.apply(attempt);
                })
                .build());
    }

    @Override
    public String name() {
        return delegate.name();
    }

    public CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    @Override
    public StreamHandle stream(LlmRequest request, StreamListener listener) {
        Answer answer = new Answer(request, listener);
        answer.attempt();
        return answer::cancel;
    }

    /** Only faults of the provider count against its circuit; a bad request or key is ours. */
    private static boolean isProviderFault(Throwable e) {
        return e instanceof LlmException.Unavailable || e instanceof LlmException.Timeout
                || e instanceof LlmException.Interrupted;
    }

    private boolean isWorthRetrying(Throwable e) {
        if (e instanceof LlmException.RateLimited r) {
            return r.retryAfter() == null || r.retryAfter().compareTo(settings.maxBackoff()) <= 0;
        }
        return e instanceof LlmException l && l.isRetryable();
    }

    /** One answer across its attempts. */
    private final class Answer {
        private final LlmRequest request;
        private final StreamListener listener;
        private final Retry.AsyncContext<Object> retryContext = retry.asyncContext();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private volatile Attempt current;
        private volatile ScheduledFuture<?> pendingRetry;

        Answer(LlmRequest request, StreamListener listener) {
            this.request = request;
            this.listener = listener;
        }

        void attempt() {
            if (cancelled.get()) {
                return;
            }
            if (!breaker.tryAcquirePermission()) {
                listener.onError(new LlmException.Unavailable(name(),
                        "skipped: too many recent failures (circuit open)", null));
                return;
            }
            current = new Attempt(this);
            current.start();
        }

        void cancel() {
            if (cancelled.compareAndSet(false, true)) {
                ScheduledFuture<?> retryLater = pendingRetry;
                if (retryLater != null) {
                    retryLater.cancel(false);
                }
                Attempt a = current;
                if (a != null) {
                    a.cancel();
                }
            }
        }

        void failed(Attempt attempt, LlmException error) {
            if (cancelled.get()) {
                return;
            }
            if (!attempt.hasShownText()) {
                long delay = retryContext.onError(error);
                if (delay >= 0) {
                    log.info("{} failed ({}), retrying in {} ms", name(), error.getClass().getSimpleName(), delay);
                    pendingRetry = scheduler.schedule(() -> Thread.ofVirtual().start(this::attempt), delay, TimeUnit.MILLISECONDS);
                    return;
                }
            }
            listener.onError(error);
        }

        void completed(Completion completion) {
            retryContext.onComplete();
            if (!cancelled.get()) {
                listener.onComplete(completion);
            }
        }
    }

    /** One call to the provider, watched by the timeouts. */
    private final class Attempt implements StreamListener {
        private final Answer answer;
        private final AtomicBoolean over = new AtomicBoolean();
        private final long startedNanos = System.nanoTime();
        private volatile boolean shownText;
        private volatile long lastActivityNanos;
        private volatile StreamHandle handle;
        private volatile ScheduledFuture<?> watchdog;

        Attempt(Answer answer) {
            this.answer = answer;
        }

        boolean hasShownText() {
            return shownText;
        }

        void start() {
            arm(settings.firstTokenTimeout().toNanos(), this::firstTokenOverdue);
            handle = delegate.stream(answer.request, this);
        }

        private void firstTokenOverdue() {
            if (!shownText) {
                timedOut("no answer within " + settings.firstTokenTimeout().toSeconds() + " s");
            }
        }

        /** Runs rarely: tokens only stamp the time, and the watchdog checks the stamp when it fires. */
        private void idleCheck() {
            long quiet = System.nanoTime() - lastActivityNanos;
            long allowed = settings.idleTimeout().toNanos();
            if (quiet >= allowed) {
                timedOut("the answer stalled for " + settings.idleTimeout().toSeconds() + " s");
            } else {
                arm(allowed - quiet, this::idleCheck);
            }
        }

        void cancel() {
            if (over.compareAndSet(false, true)) {
                disarm();
                StreamHandle h = handle;
                if (h != null) {
                    h.cancel();
                }
                breaker.releasePermission();
            }
        }

        @Override
        public void onPartial(String delta) {
            if (over.get()) {
                return;
            }
            lastActivityNanos = System.nanoTime();
            if (!shownText) {
                shownText = true;
                arm(settings.idleTimeout().toNanos(), this::idleCheck);
            }
            answer.listener.onPartial(delta);
        }

        @Override
        public void onComplete(Completion completion) {
            if (over.compareAndSet(false, true)) {
                disarm();
                breaker.onSuccess(elapsedNanos(), TimeUnit.NANOSECONDS);
                answer.completed(completion);
            }
        }

        @Override
        public void onError(LlmException error) {
            if (over.compareAndSet(false, true)) {
                disarm();
                breaker.onError(elapsedNanos(), TimeUnit.NANOSECONDS, error);
                answer.failed(this, error);
            }
        }

        private void timedOut(String why) {
            StreamHandle h = handle;
            if (h != null && !over.get()) {
                h.cancel();
            }
            onError(new LlmException.Timeout(name(), why));
        }

        private synchronized void arm(long nanos, Runnable check) {
            disarm();
            if (!over.get()) {
                watchdog = scheduler.schedule(check, nanos, TimeUnit.NANOSECONDS);
            }
        }

        private synchronized void disarm() {
            if (watchdog != null) {
                watchdog.cancel(false);
                watchdog = null;
            }
        }

        private long elapsedNanos() {
            return System.nanoTime() - startedNanos;
        }
    }
}
