package io.mnemos.retrieval.grounding;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/grounding/assess}: QuCo-RAG stage 1 for one question.
 *
 * @param question   the user's question
 * @param entities   the question's entities, when the caller extracted them (e.g. with an LLM); otherwise they are
 *                   extracted here
 * @param collection the caller's collection to search when the gate decides to retrieve; without it no hits are
 *                   returned (the decision still is)
 * @param k          hits wanted, 1–50 (default {@code mnemos.grounding.top-k}, 3 as in the paper)
 * @param corpus     where the counts come from: {@code reference} (default: the shared reference corpus, on which
 *                   the thresholds were calibrated), {@code collections} (the caller's tenant's collection
 *                   documents) or {@code both} (the two counts added)
 */
public record AssessRequest(
        @Schema(example = "Who wrote the novel Sense and Sensibility?") @NotBlank String question,
        @Nullable @Size(max = 64) List<@NotBlank @Size(max = 300) String> entities,
        @Nullable @Size(min = 1, max = 200) String collection,
        @Nullable @Min(1) @Max(50) Integer k,
        @Schema(
                        example = "reference",
                        allowableValues = {"reference", "collections", "both"})
                @Nullable
                @Pattern(regexp = "reference|collections|both", message = "must be reference, collections or both")
                String corpus) {

    /** Against the reference corpus. */
    public AssessRequest(
            String question, @Nullable List<String> entities, @Nullable String collection, @Nullable Integer k) {
        this(question, entities, collection, k, null);
    }
}
