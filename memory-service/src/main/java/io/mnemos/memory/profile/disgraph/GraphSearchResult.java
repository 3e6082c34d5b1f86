package io.mnemos.memory.profile.disgraph;

import java.util.List;

/**
 * Hits of one query and what it cost.
 *
 * @param hits best first, at most {@code k}
 * @param distanceComputations vector comparisons done
 * @param expanded nodes admitted by the expansion (whether or not they made the top {@code k})
 * @param micros wall time of the search in microseconds
 */
public record GraphSearchResult(List<GraphHit> hits, int distanceComputations, int expanded, long micros) {}
