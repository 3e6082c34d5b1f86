package io.mnemos.orchestrator;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the orchestrator.
 *
 * @param answerTimeout how long a streaming turn request waits for the answer before it reports a timeout event (the
 *                      turn itself stays accepted and is still remembered)
 * @param maxTurnChars  longest text accepted in one turn
 */
@Validated
@ConfigurationProperties("mnemos.orchestrator")
public record OrchestratorProperties(
        @NotNull @DefaultValue("30s") Duration answerTimeout,
        @Min(1) @Max(1_000_000) @DefaultValue("8000") int maxTurnChars) {}
