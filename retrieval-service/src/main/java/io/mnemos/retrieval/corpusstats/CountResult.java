package io.mnemos.retrieval.corpusstats;

/**
 * Result of an n-gram count or a CNF co-occurrence count.
 *
 * @param count number of occurrences (n-gram), or the estimated number of anchor occurrences that have every other
 *     clause within the window (CNF; see {@link CorpusIndex#cnf})
 * @param approx true when clauses were subsampled ({@code max_clause_freq}) and {@code count} is a scaled estimate
 * @param latencyNanos time spent inside the engine for this call
 */
public record CountResult(long count, boolean approx, long latencyNanos) {

    public double latencyMillis() {
        return latencyNanos / 1e6;
    }
}
