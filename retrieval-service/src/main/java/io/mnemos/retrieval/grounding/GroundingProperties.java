package io.mnemos.retrieval.grounding;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Thresholds and limits of the QuCo-RAG grounding gate ({@code mnemos.grounding.*}). The paper's absolute counts
 * assume a ~4-trillion-token corpus; the defaults here are percentiles of the Gutenberg sample's entity-frequency
 * distribution computed by {@code GroundingCalibration} (see docs/grounding.md): on that 66M-token corpus the 20th
 * percentile of mean question-entity counts is 0, so the gate retrieves when no question entity occurs at all
 * (threshold 1), and a head never seen is rare (threshold 1). Re-run the calibration when the corpus changes. A negative threshold switches its rule off (as in the reference code's ablations).
 *
 * @param questionThreshold     stage 1: retrieve when the mean corpus count of the question's entities is below this
 *                              (paper: 1,000 for 2WikiMultihopQA, 100,000 for HotpotQA on ~4T tokens)
 * @param binaryTupleThreshold  stage 2: a [head, relation] claim is flagged when count(head) is below this (paper: 20)
 * @param ternaryTupleThreshold stage 2: a [head, relation, tail] claim is flagged when the co-occurrence count of head
 *                              and tail within {@code maxDiffTokens} in one document is below this (paper: 1, i.e.
 *                              never co-occur)
 * @param maxDiffTokens         co-occurrence window (paper: 1000, the Infini-gram API maximum)
 * @param maxClauseFreq         subsampling cap of co-occurrence counts (paper: 500,000, the API maximum)
 * @param topK                  hits retrieved per query when the gate fires (paper: 3)
 * @param mergeMinCount         two proper-noun spans joined by a connector ({@code of}, {@code the}, {@code de}, …) are
 *                              merged into one name when the whole phrase occurs at least this often in the corpus
 * @param maxEntities           most entities counted per question or sentence
 * @param maxSentences          most sentences checked per verify request
 * @param maxTextLength         longest verify text, in characters
 * @param maxQuestionLength     longest question, in characters
 */
@Validated
@ConfigurationProperties("mnemos.grounding")
public record GroundingProperties(
        @DefaultValue("1") double questionThreshold,
        @DefaultValue("1") double binaryTupleThreshold,
        @DefaultValue("1") double ternaryTupleThreshold,
        @DefaultValue("1000") @Min(1) @Max(1000) int maxDiffTokens,
        @DefaultValue("500000") @Min(1) @Max(500_000) int maxClauseFreq,
        @DefaultValue("3") @Min(1) @Max(50) int topK,
        @DefaultValue("2") @Min(1) long mergeMinCount,
        @DefaultValue("16") @Min(1) @Max(64) int maxEntities,
        @DefaultValue("64") @Min(1) @Max(1000) int maxSentences,
        @DefaultValue("20000") @Min(100) @Max(1_000_000) int maxTextLength,
        @DefaultValue("4000") @Min(10) @Max(100_000) int maxQuestionLength) {

    /** Everything at its default (tests, tools). */
    public static GroundingProperties defaults() {
        return new GroundingProperties(1, 1, 1, 1000, 500_000, 3, 2, 16, 64, 20_000, 4000);
    }

    /** A copy with other thresholds. */
    public GroundingProperties withThresholds(double question, double binary, double ternary) {
        return new GroundingProperties(
                question,
                binary,
                ternary,
                maxDiffTokens,
                maxClauseFreq,
                topK,
                mergeMinCount,
                maxEntities,
                maxSentences,
                maxTextLength,
                maxQuestionLength);
    }
}
