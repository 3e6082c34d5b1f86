package io.mnemos.orchestrator.grounded;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the grounded generation loop ({@code mnemos.grounded.*}).
 *
 * @param enabled         run the loop when an LLM is available (false: the pipeline stays extractive)
 * @param tokenBudget     most tokens generated for one answer, over every call (first generation and regenerations);
 *                        the reference's {@code generate_max_length} is 128 for local models
 * @param tokensPerCall   most tokens asked of one LLM call (each call also stays within what is left of the budget)
 * @param maxRounds       most regenerations after flagged sentences; a sentence still flagged after the last one
 *                        ends the answer
 * @param hitsPerQuery    document hits per retrieval query and collection (the reference's {@code retrieve_topk})
 * @param maxPassages     most passages in one prompt (retrieved ones first, then the pipeline's evidence)
 * @param maxPassageChars longest passage in the prompt (cut after)
 * @param temperature     sampling temperature of the loop's calls; null takes {@code mnemos.llm.temperature}
 * @param failOpen        when the verify call itself fails (service down, 403), keep the sentence as
 *                        {@code unverified} (true) or stop the loop there (false, the default: unverified text is
 *                        never passed off as grounded; the gate already fails open per failed corpus lookup, as the
 *                        reference does)
 */
@Validated
@ConfigurationProperties("mnemos.grounded")
public record GroundedProperties(
        @DefaultValue("true") boolean enabled,
        @Min(1) @Max(8192) @DefaultValue("128") int tokenBudget,
        @Min(1) @Max(8192) @DefaultValue("64") int tokensPerCall,
        @Min(0) @Max(32) @DefaultValue("3") int maxRounds,
        @Min(1) @Max(20) @DefaultValue("3") int hitsPerQuery,
        @Min(0) @Max(50) @DefaultValue("8") int maxPassages,
        @Min(50) @Max(10000) @DefaultValue("600") int maxPassageChars,
        @Nullable @DecimalMin("0.0") @DecimalMax("2.0") Double temperature,
        @DefaultValue("false") boolean failOpen) {

    /** The defaults, for code that runs without Spring. */
    public static GroundedProperties defaults() {
        return new GroundedProperties(true, 128, 64, 3, 3, 8, 600, null, false);
    }
}
