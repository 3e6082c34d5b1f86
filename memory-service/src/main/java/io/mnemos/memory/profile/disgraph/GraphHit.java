package io.mnemos.memory.profile.disgraph;

/**
 * One search result.
 *
 * @param node node id in the graph
 * @param similarity cosine similarity to the query (dot product of normalised vectors; approximate when quantized)
 * @param hops 0 when found by the beam search, otherwise the expansion hop that admitted it
 */
public record GraphHit(int node, float similarity, int hops) {}
