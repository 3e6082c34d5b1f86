package io.mnemos.memory.profile;

/**
 * One fact returned by a profile query.
 *
 * @param fact the current fact
 * @param similarity cosine similarity of the query to the fact's embedding
 * @param score ranking score: {@code similarity × (0.5 + 0.5 × confidence)}
 * @param hops 0 when found by the nearest-node search, otherwise the graph-expansion hop that reached it
 * @param contested whether the fact is in an open contradiction (the preferred side is returned, the other dropped)
 */
public record ProfileHit(ProfileFact fact, double similarity, double score, int hops, boolean contested) {}
