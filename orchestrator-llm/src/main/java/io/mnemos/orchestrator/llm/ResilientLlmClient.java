package io.mnemos.orchestrator.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.orchestrator.llm.LlmOptions.ResolvedOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LlmClient} of a configured provider: creates the provider on first use, and adds deadlines, retries of
 * retriable failures only (Resilience4j {@link Retry}, exponential back-off) and a circuit breaker (Resilience4j
 * {@link CircuitBreaker}; one outcome per logical call, retries included) so failures come back as
 * {@link LlmResult.Degraded} instead of exceptions.
 */
public final class ResilientLlmClient implements LlmClient, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResilientLlmClient.class);

    private final LlmProperties props;
    private final String model;
    private final Supplier<LlmBackend> factory;
    private final Object initLock = new Object();
    private volatile @Nullable LlmBackend backend;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final IntervalFunction backoff;
    private final LlmMetrics metrics;
    private final ExecutorService calls = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("llm-call-", 0).factory());
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("llm-timer").daemon().factory());
    private volatile @Nullable LlmFailure lastFailure;
    private volatile @Nullable Instant lastFailureAt;

    /** A client for a configured provider (not none); the provider itself is created on first use. */
    public ResilientLlmClient(LlmProperties props, MeterRegistry registry) {
        this(props, () -> LlmBackends.create(props), registry);
    }

    ResilientLlmClient(LlmProperties props, Supplier<LlmBackend> factory, MeterRegistry registry) {
        if (props.provider() == LlmProvider.NONE) {
            throw new IllegalArgumentException("provider none has no client: use DisabledLlmClient");
        }
        this.props = props;
        this.model = LlmBackends.modelName(props);
        this.factory = factory;
        LlmProperties.Breaker b = props.breaker();
        this.breaker = CircuitBreaker.of(
                "llm",
                CircuitBreakerConfig.custom()
                        .failureRateThreshold(b.failureRateThreshold())
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(b.slidingWindowSize())
                        .minimumNumberOfCalls(Math.min(b.minimumCalls(), b.slidingWindowSize()))
                        .waitDurationInOpenState(b.openDuration())
                        .permittedNumberOfCallsInHalfOpenState(b.halfOpenCalls())
                        // So that isAvailable() turns true again without a call having to probe first.
                        .automaticTransitionFromOpenToHalfOpenEnabled(true)
                        .build());
        this.breaker
                .getEventPublisher()
                .onStateTransition(e -> log.warn(
                        "LLM circuit breaker ({} {}): {}{}",
                        props.provider().id(),
                        model,
                        e.getStateTransition(),
                        lastFailure == null ? "" : " after: " + lastFailure.message()));
        this.backoff = IntervalFunction.ofExponentialBackoff(props.retryBackoff(), 2.0);
        this.retry = Retry.of(
                "llm",
                RetryConfig.custom()
                        .maxAttempts(props.maxRetries() + 1)
                        .intervalFunction(backoff)
                        .retryOnException(t -> LlmFailure.classify(t).retriable())
                        .failAfterMaxAttempts(false)
                        .build());
        this.metrics = new LlmMetrics(registry, props.provider(), breaker, this::isAvailable);
        this.retry.getEventPublisher().onRetry(e -> {
            LlmFailure f = LlmFailure.classify(e.getLastThrowable());
            metrics.retry("generate", f);
            log.info(
                    "LLM call failed ({}), retry {} in {}",
                    f.message(),
                    e.getNumberOfRetryAttempts(),
                    e.getWaitInterval());
        });
    }

    @Override
    public LlmResult generate(LlmPrompt prompt, LlmOptions options) {
        Objects.requireNonNull(prompt, "prompt");
        ResolvedOptions o = options.resolve(props);
        long t0 = System.nanoTime();
        if (!breaker.tryAcquirePermission()) {
            return finish("generate", circuitOpen(t0), null);
        }
        AtomicInteger attempts = new AtomicInteger();
        try {
            LlmBackend.Reply r = retry.executeCallable(() -> {
                attempts.incrementAndGet();
                return attempt(prompt, o);
            });
            Duration elapsed = since(t0);
            return finish(
                    "generate",
                    new LlmResult.Completed(
                            r.text(),
                            r.finishReason(),
                            r.promptTokens(),
                            r.outputTokens(),
                            null,
                            elapsed,
                            attempts.get()),
                    null);
        } catch (Throwable e) {
            LlmFailure f = LlmFailure.classify(e);
            return finish("generate", new LlmResult.Degraded(f, "", since(t0), attempts.get()), e);
        }
    }

    /** One attempt under the deadline, on a virtual thread so a hung provider cannot hold the caller. */
    private LlmBackend.Reply attempt(LlmPrompt prompt, ResolvedOptions o) throws Exception {
        LlmBackend b = backend();
        Future<LlmBackend.Reply> f = calls.submit(() -> b.generate(prompt, o));
        try {
            return f.get(o.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new LlmException(LlmFailure.of(LlmFailure.Kind.TIMEOUT, "no answer within " + o.timeout()));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new LlmException(LlmFailure.of(LlmFailure.Kind.INTERRUPTED, "interrupted while waiting for the LLM"));
        }
    }

    @Override
    public LlmStream stream(LlmPrompt prompt, LlmOptions options, LlmTokenHandler handler) {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(handler, "handler");
        StreamCall call = new StreamCall(prompt, options.resolve(props), handler);
        if (!breaker.tryAcquirePermission()) {
            call.result.complete(finish("stream", circuitOpen(call.t0), null));
            call.done = true;
            return call;
        }
        call.startAttempt();
        call.flush();
        return call;
    }

    private LlmResult.Degraded circuitOpen(long t0) {
        LlmFailure last = lastFailure;
        return new LlmResult.Degraded(
                LlmFailure.of(
                        LlmFailure.Kind.CIRCUIT_OPEN,
                        "LLM circuit breaker is open" + (last == null ? "" : " after: " + last.message())),
                "",
                since(t0),
                0);
    }

    /** Records the outcome with the breaker (except for circuit-open results), metrics and logs. */
    private LlmResult finish(String mode, LlmResult result, @Nullable Throwable error) {
        switch (result) {
            case LlmResult.Completed c -> {
                if (c.finishReason() == FinishReason.CANCELLED) {
                    breaker.releasePermission();
                } else {
                    breaker.onSuccess(c.elapsed().toNanos(), TimeUnit.NANOSECONDS);
                }
            }
            case LlmResult.Degraded d -> {
                LlmFailure f = d.failure();
                if (f.kind() != LlmFailure.Kind.CIRCUIT_OPEN) {
                    lastFailure = f;
                    lastFailureAt = Instant.now();
                    if (f.kind().countsAgainstBreaker()) {
                        breaker.onError(
                                d.elapsed().toNanos(),
                                TimeUnit.NANOSECONDS,
                                error != null ? error : new LlmException(f));
                    } else {
                        breaker.releasePermission();
                    }
                    log.warn(
                            "LLM {} degraded after {} attempt(s) in {} ms: {} ({})",
                            mode,
                            d.attempts(),
                            d.elapsed().toMillis(),
                            f.kind().id(),
                            f.message());
                } else {
                    log.debug("LLM {} skipped: circuit breaker open", mode);
                }
            }
        }
        metrics.record(mode, result);
        return result;
    }

    /** The backend, created on first use; a failed creation is retried by the next call. */
    private LlmBackend backend() {
        LlmBackend b = backend;
        if (b != null) {
            return b;
        }
        synchronized (initLock) {
            if (backend == null) {
                try {
                    backend = factory.get();
                    log.info(
                            "LLM provider {} ready (model {})", props.provider().id(), model);
                } catch (RuntimeException e) {
                    throw new LlmException(
                            LlmFailure.of(
                                    LlmFailure.Kind.PROVIDER_ERROR,
                                    "could not create the " + props.provider().id() + " provider: " + e.getMessage()),
                            e);
                }
            }
            return backend;
        }
    }

    @Override
    public boolean isAvailable() {
        CircuitBreaker.State s = breaker.getState();
        return s == CircuitBreaker.State.CLOSED || s == CircuitBreaker.State.HALF_OPEN;
    }

    @Override
    public LlmStatus status() {
        return new LlmStatus(
                props.provider(), model, isAvailable(), breaker.getState().name(), lastFailure, lastFailureAt);
    }

    /** @throws IllegalStateException when the provider cannot be created (the message says why) */
    @Override
    public Optional<ChatModel> chatModel() {
        return Optional.of(createdOrThrow().chatModel());
    }

    /** @throws IllegalStateException when the provider cannot be created (the message says why) */
    @Override
    public Optional<StreamingChatModel> streamingChatModel() {
        return Optional.of(createdOrThrow().streamingChatModel());
    }

    private LlmBackend createdOrThrow() {
        try {
            return backend();
        } catch (LlmException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The breaker, for tests and health details. */
    CircuitBreaker breaker() {
        return breaker;
    }

    /** The backend if it was created, for the benchmark and tests. */
    Optional<LlmBackend> createdBackend() {
        return Optional.ofNullable(backend);
    }

    @Override
    public void close() {
        timers.shutdownNow();
        calls.shutdownNow();
        LlmBackend b = backend;
        if (b != null) {
            b.close();
        }
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * One streamed call: attempts (retried while nothing was delivered), a watchdog per attempt that fires after
     * {@code timeout} without a token, cancellation. All state changes hold this object's lock; events of a superseded
     * attempt are dropped by their attempt number.
     */
    private final class StreamCall implements LlmStream {
        final LlmPrompt prompt;
        final ResolvedOptions o;
        final LlmTokenHandler handler;
        final CompletableFuture<LlmResult> result = new CompletableFuture<>();
        final long t0 = System.nanoTime();
        final StringBuilder text = new StringBuilder();
        long attemptStart;
        long firstTokenNanos = -1;
        int attempts;
        int attemptId;
        int tokens;
        boolean done;
        boolean cancelled;
        LlmBackend.@Nullable Cancellable current;

        @Nullable
        ScheduledFuture<?> watchdog;

        volatile @Nullable LlmResult pending;

        StreamCall(LlmPrompt prompt, ResolvedOptions o, LlmTokenHandler handler) {
            this.prompt = prompt;
            this.o = o;
            this.handler = handler;
        }

        synchronized void startAttempt() {
            if (done) {
                return;
            }
            attempts++;
            int id = ++attemptId;
            attemptStart = System.nanoTime();
            arm(id);
            try {
                current = backend().stream(prompt, o, new LlmBackend.Sink() {
                    @Override
                    public void onToken(String t) {
                        token(id, t);
                    }

                    @Override
                    public void onComplete(LlmBackend.Reply reply) {
                        complete(id, reply);
                    }

                    @Override
                    public void onError(Throwable error) {
                        fail(id, error);
                    }
                });
            } catch (Throwable e) {
                failLocked(id, e);
            }
        }

        /** Completes the result outside the lock, so its dependents never run while we hold it. */
        void flush() {
            LlmResult r = pending;
            if (r != null) {
                result.complete(r);
            }
        }

        private void arm(int id) {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            watchdog = timers.schedule(() -> timeout(id), o.timeout().toNanos(), TimeUnit.NANOSECONDS);
        }

        private void token(int id, String t) {
            synchronized (this) {
                if (done || id != attemptId || t == null) {
                    return;
                }
                if (firstTokenNanos < 0) {
                    firstTokenNanos = System.nanoTime() - attemptStart;
                }
                tokens++;
                text.append(t);
                arm(id);
                try {
                    handler.onToken(t);
                } catch (RuntimeException e) {
                    log.warn("LLM token handler failed, cancelling the stream: {}", e.toString());
                    cancelLocked();
                }
            }
            flush();
        }

        private void complete(int id, LlmBackend.Reply reply) {
            synchronized (this) {
                if (done || id != attemptId) {
                    return;
                }
                if (tokens == 0 && !reply.text().isEmpty()) {
                    // The provider sent everything at once: the handler still sees all the text.
                    token(id, reply.text());
                    if (done) {
                        return;
                    }
                }
                stopWatchdog();
                done = true;
                pending = finish(
                        "stream",
                        new LlmResult.Completed(
                                text.toString(),
                                reply.finishReason(),
                                reply.promptTokens(),
                                reply.outputTokens() > 0 ? reply.outputTokens() : tokens,
                                firstTokenNanos < 0 ? null : Duration.ofNanos(firstTokenNanos),
                                since(t0),
                                attempts),
                        null);
            }
            flush();
        }

        private void fail(int id, Throwable error) {
            synchronized (this) {
                failLocked(id, error);
            }
            flush();
        }

        private void timeout(int id) {
            synchronized (this) {
                if (done || id != attemptId) {
                    return;
                }
                stopProvider();
                failLocked(
                        id,
                        new LlmException(LlmFailure.of(
                                LlmFailure.Kind.TIMEOUT,
                                (tokens == 0 ? "no first token within " : "no next token within ") + o.timeout())));
            }
            flush();
        }

        private void failLocked(int id, Throwable error) {
            if (done || id != attemptId) {
                return;
            }
            stopWatchdog();
            LlmFailure f = LlmFailure.classify(error);
            if (tokens == 0 && f.retriable() && attempts <= props.maxRetries()) {
                attemptId++; // late events of the failed attempt are dropped
                stopProvider();
                metrics.retry("stream", f);
                long wait = backoff.apply(attempts);
                log.info("LLM stream failed ({}), retry {} in {} ms", f.message(), attempts, wait);
                timers.schedule(
                        () -> {
                            startAttempt();
                            flush();
                        },
                        wait,
                        TimeUnit.MILLISECONDS);
                return;
            }
            stopProvider();
            done = true;
            pending = finish("stream", new LlmResult.Degraded(f, text.toString(), since(t0), attempts), error);
        }

        private void stopWatchdog() {
            if (watchdog != null) {
                watchdog.cancel(false);
                watchdog = null;
            }
        }

        private void stopProvider() {
            LlmBackend.Cancellable c = current;
            current = null;
            if (c != null) {
                try {
                    c.cancel();
                } catch (RuntimeException e) {
                    log.debug("cancelling the LLM stream failed", e);
                }
            }
        }

        private void cancelLocked() {
            if (done) {
                return;
            }
            cancelled = true;
            done = true;
            stopWatchdog();
            stopProvider();
            pending = finish(
                    "stream",
                    new LlmResult.Completed(
                            text.toString(),
                            FinishReason.CANCELLED,
                            0,
                            tokens,
                            firstTokenNanos < 0 ? null : Duration.ofNanos(firstTokenNanos),
                            since(t0),
                            attempts),
                    null);
        }

        @Override
        public void cancel() {
            synchronized (this) {
                cancelLocked();
            }
            flush();
        }

        @Override
        public synchronized boolean isCancelled() {
            return cancelled;
        }

        @Override
        public CompletableFuture<LlmResult> result() {
            return result;
        }
    }
}
