package io.mnemos.retrieval.corpusstats;

import java.util.List;

/**
 * A document that matches a query.
 *
 * @param docIndex global document index (build order; composite indexes number their members' documents one after
 *     the other)
 * @param docId the caller's document id given at build time
 * @param matches matching (anchor) occurrences found in this document (among the sampled ones if approximate)
 * @param spans up to {@link SearchDocsResult#MAX_SPANS_PER_DOC} spans, each covering the anchor occurrence and the
 *     nearest qualifying occurrence of every other clause
 */
public record DocMatch(long docIndex, String docId, int matches, List<Span> spans) {
    public DocMatch {
        spans = List.copyOf(spans);
    }
}
