package io.mnemos.orchestrator.llm;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.BooleanSupplier;

/**
 * Micrometer meters of the LLM client, tagged with provider and mode ({@code generate}/{@code stream}).
 *
 * <ul>
 *   <li>{@code mnemos.llm.calls} (counter; outcome completed|cancelled|degraded, reason = failure kind or none)
 *   <li>{@code mnemos.llm.duration} (timer; outcome)
 *   <li>{@code mnemos.llm.time.to.first.token} (timer; streams only)
 *   <li>{@code mnemos.llm.tokens} (counter; generated tokens)
 *   <li>{@code mnemos.llm.retries} (counter; reason)
 *   <li>{@code mnemos.llm.breaker.state} (gauge: 0 closed, 1 open, 2 half-open, 3 other) and
 *       {@code mnemos.llm.available} (gauge: 1 when calls are attempted)
 * </ul>
 */
final class LlmMetrics {
    private final MeterRegistry registry;
    private final String provider;

    LlmMetrics(MeterRegistry registry, LlmProvider provider, CircuitBreaker breaker, BooleanSupplier available) {
        this.registry = registry;
        this.provider = provider.id();
        Gauge.builder("mnemos.llm.breaker.state", breaker, b -> stateCode(b.getState()))
                .description("LLM circuit breaker: 0 closed, 1 open, 2 half-open, 3 other")
                .tag("provider", this.provider)
                .strongReference(true)
                .register(registry);
        Gauge.builder("mnemos.llm.available", available, a -> a.getAsBoolean() ? 1 : 0)
                .description("1 when LLM calls are attempted (a provider is configured and the breaker is not open)")
                .tag("provider", this.provider)
                .strongReference(true) // the supplier is a method reference nothing else holds
                .register(registry);
    }

    static int stateCode(CircuitBreaker.State s) {
        return switch (s) {
            case CLOSED -> 0;
            case OPEN, FORCED_OPEN -> 1;
            case HALF_OPEN -> 2;
            default -> 3;
        };
    }

    void record(String mode, LlmResult result) {
        String outcome;
        String reason;
        switch (result) {
            case LlmResult.Completed c -> {
                outcome = c.finishReason() == FinishReason.CANCELLED ? "cancelled" : "completed";
                reason = "none";
                Counter.builder("mnemos.llm.tokens")
                        .tag("provider", provider)
                        .tag("mode", mode)
                        .register(registry)
                        .increment(c.outputTokens());
                if (c.timeToFirstToken() != null) {
                    Timer.builder("mnemos.llm.time.to.first.token")
                            .tag("provider", provider)
                            .register(registry)
                            .record(c.timeToFirstToken());
                }
            }
            case LlmResult.Degraded d -> {
                outcome = "degraded";
                reason = d.failure().kind().id();
            }
        }
        Counter.builder("mnemos.llm.calls")
                .description("LLM calls by outcome")
                .tag("provider", provider)
                .tag("mode", mode)
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry)
                .increment();
        Timer.builder("mnemos.llm.duration")
                .description("LLM call wall time, retries included")
                .tag("provider", provider)
                .tag("mode", mode)
                .tag("outcome", outcome)
                .register(registry)
                .record(result.elapsed());
    }

    void retry(String mode, LlmFailure failure) {
        Counter.builder("mnemos.llm.retries")
                .tag("provider", provider)
                .tag("mode", mode)
                .tag("reason", failure.kind().id())
                .register(registry)
                .increment();
    }
}
