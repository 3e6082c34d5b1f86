package io.mnemos.orchestrator.pipeline;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the turn pipeline.
 *
 * @param memoryUrl         memory-service base URL
 * @param retrievalUrl      retrieval-service base URL
 * @param collections       document collections searched for document turns (missing ones are skipped and traced)
 * @param specialistTimeout longest wait for one specialist; a slower one is reported as timed out in the trace
 * @param hitsPerSpecialist hits asked of each search
 * @param answerSentences   sentences in an extractive answer
 * @param assessWithoutLlm  also run the QuCo-RAG stage-1 assessment for document turns that are answered extractively
 *     (no LLM): only for its trace, since an extractive answer needs the passages whatever the gate decides; off by
 *     default because it is a third concurrent call per document turn
 */
@Validated
@ConfigurationProperties("mnemos.pipeline")
public record PipelineProperties(
        @NotNull @DefaultValue("http://127.0.0.1:8082") URI memoryUrl,
        @NotNull @DefaultValue("http://127.0.0.1:8083") URI retrievalUrl,
        @NotNull @DefaultValue("default") List<String> collections,
        @NotNull @DefaultValue("3s") Duration specialistTimeout,
        @Min(1) @Max(50) @DefaultValue("8") int hitsPerSpecialist,
        @Min(1) @Max(10) @DefaultValue("3") int answerSentences,
        @DefaultValue("false") boolean assessWithoutLlm) {}
