package io.mnemos.retrieval.grounding;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Stage 1 decision with everything that produced it.
 *
 * @param question       the question
 * @param entitySource   {@code given} (from the request) or {@code extracted} (OpenNLP + corpus statistics)
 * @param entities       each entity's corpus count
 * @param meanCount      mean of the counts; null without entities
 * @param threshold      {@code mnemos.grounding.question-threshold}
 * @param retrieve       the decision
 * @param rule           the rule that decided, e.g. {@code mean-below-threshold}
 * @param explanation    the rule in words, with the numbers
 * @param retrievalQuery the query used for retrieval (the question itself, as the paper's default); null when not
 *                       retrieving
 * @param hitsStatus     {@code returned}, {@code not-retrieving}, {@code no-collection} (no collection in the
 *                       request), {@code retriever-unavailable}
 * @param hits           top-k hits from the collection when retrieving
 * @param corpus         name and size of the reference corpus the counts come from
 * @param engineMillis   time inside the corpus engine (entity extraction's lookups included)
 * @param tookMillis     time of the whole assessment
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AssessResponse(
        String question,
        String entitySource,
        List<EntityCount> entities,
        @Nullable Double meanCount,
        double threshold,
        boolean retrieve,
        String rule,
        String explanation,
        @Nullable String retrievalQuery,
        String hitsStatus,
        @Nullable List<Hit> hits,
        Map<String, Object> corpus,
        double engineMillis,
        double tookMillis) {

    /**
     * @param text   the entity
     * @param count  occurrences in the reference corpus (exact n-gram count, case-sensitive)
     */
    public record EntityCount(String text, long count) {}

    /**
     * @param collection the chunk's collection
     * @param documentId its document
     * @param chunkId    the chunk
     * @param title      the document title
     * @param text       the chunk text
     * @param score      the retriever's score
     */
    public record Hit(String collection, String documentId, String chunkId, String title, String text, double score) {}
}
