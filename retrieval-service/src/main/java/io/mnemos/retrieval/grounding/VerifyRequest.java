package io.mnemos.retrieval.grounding;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/grounding/verify}: QuCo-RAG stage 2 over generated text.
 *
 * @param text     the text to check (e.g. a model's answer), split into sentences
 * @param question the question it answers (context only; reported back)
 * @param entities entities to look for in the text instead of extracting them (e.g. from an LLM); matched
 *                 case-sensitively at word boundaries
 * @param corpus   where the counts come from: {@code reference} (default), {@code collections} (the caller's
 *                 tenant's collection documents) or {@code both} (the two counts added); see {@link AssessRequest}
 */
public record VerifyRequest(
        @Schema(example = "Sense and Sensibility was written by Jane Austen. It was published in 1811.") @NotBlank
                String text,
        @Nullable String question,
        @Nullable @Size(max = 64) List<@NotBlank @Size(max = 300) String> entities,
        @Schema(
                        example = "reference",
                        allowableValues = {"reference", "collections", "both"})
                @Nullable
                @Pattern(regexp = "reference|collections|both", message = "must be reference, collections or both")
                String corpus) {

    /** Against the reference corpus. */
    public VerifyRequest(String text, @Nullable String question, @Nullable List<String> entities) {
        this(text, question, entities, null);
    }
}
