package io.mnemos.retrieval.corpusstats;

import java.util.List;

/**
 * Documents matching a CNF query.
 *
 * @param count the same (possibly estimated) count {@link CorpusIndex#cnf} returns
 * @param documents distinct documents with at least one match (among the sampled occurrences when {@code approx})
 * @param approx true when clauses were subsampled
 * @param docs the first {@code limit} matching documents in index order
 * @param latencyNanos time spent inside the engine
 */
public record SearchDocsResult(long count, long documents, boolean approx, List<DocMatch> docs, long latencyNanos) {

    /** Spans listed per document; {@link DocMatch#matches()} still counts all of them. */
    public static final int MAX_SPANS_PER_DOC = 16;

    public SearchDocsResult {
        docs = List.copyOf(docs);
    }

    public double latencyMillis() {
        return latencyNanos / 1e6;
    }
}
