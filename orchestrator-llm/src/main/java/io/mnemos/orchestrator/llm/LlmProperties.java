package io.mnemos.orchestrator.llm;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which LLM the orchestrator uses and how it treats failures ({@code mnemos.llm.*}).
 *
 * @param provider       none (default: extractive answers, no LLM), openai, ollama or jlama
 * @param baseUrl        server URL (openai: up to {@code /v1}, default {@code https://api.openai.com/v1}; ollama:
 *                       default {@code http://localhost:11434}); unused by jlama
 * @param model          model name (openai, ollama: required); for jlama, defaults to the model directory's name
 * @param apiKey         bearer token for openai-compatible servers; may be empty for local servers
 * @param modelDir       jlama: the model directory (Hugging Face layout: config.json, model.safetensors,
 *                       tokenizer.json)
 * @param quantization   jlama: {@code none} runs the weights as stored; {@code q4} quantizes them on disk to Q4 into
 *                       {@code workDir} at first use (jlama cannot quantize at load time)
 * @param workDir        jlama: where the Q4 copy is written (default: {@code java.io.tmpdir/mnemos-llm})
 * @param threads        jlama: worker threads (default: jlama's choice, the physical cores)
 * @param timeout        deadline of one attempt: the whole call for non-streamed calls, the longest silence before
 *                       the first token or between tokens for streams
 * @param maxRetries     extra attempts after a retriable failure (connection, timeout, 429, 5xx); never for other 4xx
 * @param retryBackoff   wait before the first retry, doubled for each further one
 * @param maxTokens      default most tokens generated per call
 * @param temperature    default sampling temperature (0 is greedy)
 * @param maxConcurrent  jlama: generations run at once (others wait; the wait counts against the timeout)
 * @param breaker        the circuit breaker that stops calling a failing LLM
 */
@Validated
@ConfigurationProperties("mnemos.llm")
public record LlmProperties(
        @NotNull @DefaultValue("none") LlmProvider provider,
        @Nullable URI baseUrl,
        @Nullable String model,
        @Nullable String apiKey,
        @Nullable Path modelDir,
        @NotNull @DefaultValue("none") Quantization quantization,
        @Nullable Path workDir,
        @Nullable @Min(1) @Max(256) Integer threads,
        @NotNull @DefaultValue("60s") Duration timeout,
        @Min(0) @Max(10) @DefaultValue("2") int maxRetries,
        @NotNull @DefaultValue("250ms") Duration retryBackoff,
        @Min(1) @Max(32768) @DefaultValue("512") int maxTokens,
        @DecimalMin("0.0") @DecimalMax("2.0") @DefaultValue("0.2") double temperature,
        @Min(1) @Max(64) @DefaultValue("1") int maxConcurrent,
        @Valid @NotNull @DefaultValue Breaker breaker) {

    /** Weights precision for the jlama runner. */
    public enum Quantization {
        /** The weights as stored (bf16 for the shipped tiny model). */
        NONE,
        /** 4-bit blocks, quantized on disk at first use (embeddings and norms stay as stored). */
        Q4
    }

    /**
     * Circuit breaker settings (Resilience4j, count-based window). Only failures that say the LLM is unhealthy count
     * (timeouts, connection errors, 429/5xx, 401/403/404, garbage responses), not a single request's 4xx.
     *
     * @param failureRateThreshold percentage of failed calls in the window that opens the breaker
     * @param slidingWindowSize    calls in the window
     * @param minimumCalls         calls needed before the rate is computed
     * @param openDuration         how long the breaker stays open before it lets trial calls through
     * @param halfOpenCalls        trial calls in the half-open state
     */
    public record Breaker(
            @DecimalMin("1") @DecimalMax("100") @DefaultValue("50") float failureRateThreshold,
            @Min(1) @Max(1000) @DefaultValue("10") int slidingWindowSize,
            @Min(1) @Max(1000) @DefaultValue("4") int minimumCalls,
            @NotNull @DefaultValue("30s") Duration openDuration,
            @Min(1) @Max(100) @DefaultValue("1") int halfOpenCalls) {}

    /** The properties with every default, for code that builds a client without Spring. */
    public static LlmProperties defaults(LlmProvider provider) {
        return new LlmProperties(
                provider,
                null,
                null,
                null,
                null,
                Quantization.NONE,
                null,
                null,
                Duration.ofSeconds(60),
                2,
                Duration.ofMillis(250),
                512,
                0.2,
                1,
                new Breaker(50, 10, 4, Duration.ofSeconds(30), 1));
    }
}
