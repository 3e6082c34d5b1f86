package io.mnemos.orchestrator.llm;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Per-call overrides; a null component takes the configured default ({@link LlmProperties}).
 *
 * @param maxTokens   most tokens to generate
 * @param temperature sampling temperature; 0 is greedy
 * @param timeout     deadline of one attempt: the whole call for {@code generate}, the longest silence (before the
 *                    first token or between tokens) for {@code stream}
 */
public record LlmOptions(@Nullable Integer maxTokens, @Nullable Double temperature, @Nullable Duration timeout) {
    private static final LlmOptions DEFAULTS = new LlmOptions(null, null, null);

    public LlmOptions {
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
        }
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw new IllegalArgumentException("temperature must be in [0, 2], was " + temperature);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /** Every value from configuration. */
    public static LlmOptions defaults() {
        return DEFAULTS;
    }

    public LlmOptions withMaxTokens(int n) {
        return new LlmOptions(n, temperature, timeout);
    }

    public LlmOptions withTemperature(double t) {
        return new LlmOptions(maxTokens, t, timeout);
    }

    public LlmOptions withTimeout(Duration d) {
        return new LlmOptions(maxTokens, temperature, d);
    }

    /** These options with every null filled from the configuration. */
    ResolvedOptions resolve(LlmProperties props) {
        return new ResolvedOptions(
                maxTokens != null ? maxTokens : props.maxTokens(),
                temperature != null ? temperature : props.temperature(),
                timeout != null ? timeout : props.timeout());
    }

    /** Options with every value known, as backends receive them. */
    record ResolvedOptions(int maxTokens, double temperature, Duration timeout) {}
}
