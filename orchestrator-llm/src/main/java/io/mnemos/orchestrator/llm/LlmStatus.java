package io.mnemos.orchestrator.llm;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the LLM client can do right now, for health, traces and the decision to use the no-LLM path.
 *
 * @param provider      the configured provider
 * @param model         model name or directory, or empty for none
 * @param available     whether calls are attempted now (a provider is configured and the breaker is not open)
 * @param breakerState  CLOSED, OPEN, HALF_OPEN (or DISABLED for provider none)
 * @param lastFailure   the last failure of a call, or null
 * @param lastFailureAt when it happened, or null
 */
public record LlmStatus(
        LlmProvider provider,
        String model,
        boolean available,
        String breakerState,
        @Nullable LlmFailure lastFailure,
        @Nullable Instant lastFailureAt) {}
