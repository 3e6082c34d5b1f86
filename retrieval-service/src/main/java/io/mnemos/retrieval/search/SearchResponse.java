package io.mnemos.retrieval.search;

import java.util.List;

/**
 * Hits, best first, at most {@code k}.
 *
 * @param hits the hits
 * @param tookMicros wall time of the search, including query embedding
 */
public record SearchResponse(List<SearchHit> hits, long tookMicros) {
    public SearchResponse {
        hits = List.copyOf(hits);
    }

    public static SearchResponse empty(long tookMicros) {
        return new SearchResponse(List.of(), tookMicros);
    }
}
