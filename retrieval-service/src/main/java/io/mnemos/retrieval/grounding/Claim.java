package io.mnemos.retrieval.grounding;

import org.jspecify.annotations.Nullable;

/**
 * A checkable item of a sentence, QuCo-RAG's tuple: {@code [head, relation]} (a claim about one entity) or {@code
 * [head, relation, tail]} (a fact linking two).
 *
 * @param head     the subject entity
 * @param relation the words linking head and tail (or following the head in a pair); may be empty
 * @param tail     the object entity, or null for a pair
 */
public record Claim(String head, String relation, @Nullable String tail) {

    public boolean isTriple() {
        return tail != null;
    }

    /** QuCo-RAG's default retrieval query for a flagged claim: {@code head + " " + relation}. */
    public String retrievalQuery() {
        return relation.isBlank() ? head : head + " " + relation;
    }
}
