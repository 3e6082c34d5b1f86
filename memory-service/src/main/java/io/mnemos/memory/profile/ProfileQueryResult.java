package io.mnemos.memory.profile;

import java.util.List;

/**
 * Answer to a profile query.
 *
 * @param hits best first, at most {@code k}
 * @param searchMicros in-process graph search time (what the DisGraph latency target is about)
 * @param embedMicros time to embed the query text (0 when a vector was given)
 * @param candidates facts of the user in the graph
 */
public record ProfileQueryResult(List<ProfileHit> hits, long searchMicros, long embedMicros, int candidates) {

    public ProfileQueryResult {
        hits = List.copyOf(hits);
    }
}
