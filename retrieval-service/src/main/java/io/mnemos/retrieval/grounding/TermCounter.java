package io.mnemos.retrieval.grounding;

/**
 * Corpus counts as entity extraction uses them: occurrences of an n-gram in the reference corpus. Extraction works
 * without one ({@link #NONE}), just without its corpus-based refinements.
 */
@FunctionalInterface
public interface TermCounter {
    /** Occurrences of {@code ngram}, or {@code -1} when unknown. */
    long count(String ngram);

    /** No corpus: every count unknown. */
    TermCounter NONE = ngram -> -1;
}
