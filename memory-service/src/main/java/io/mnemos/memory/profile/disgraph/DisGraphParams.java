package io.mnemos.memory.profile.disgraph;

/**
 * Build and search parameters of a {@link DisGraph}.
 *
 * @param links neighbours a new node links to (HNSW's {@code M})
 * @param maxDegree most neighbours a node keeps when others link back to it (HNSW's {@code M0}, usually
 *     {@code 2 × links})
 * @param efConstruction beam width of the search that finds a new node's neighbours
 * @param efSearch default beam width of queries up to 100k nodes (raised to {@code k} when smaller; larger graphs get a
 *     wider beam, {@link #efFor})
 * @param pivots size of the reservoir sample of nodes that queries start from
 * @param entryPoints how many of the best pivots seed the beam
 * @param expansionHops default hop bound {@code h} of the expansion after the beam search (0 = none)
 * @param expansionRadius default cosine-distance bound {@code τ} of expanded nodes from the query
 * @param quantized store vectors as int8 (per-vector scale) instead of float32
 * @param seed seed of the pivot sampling, for reproducible graphs
 */
public record DisGraphParams(
        int links,
        int maxDegree,
        int efConstruction,
        int efSearch,
        int pivots,
        int entryPoints,
        int expansionHops,
        float expansionRadius,
        boolean quantized,
        long seed) {

    public DisGraphParams {
        if (links < 2 || maxDegree < links || efConstruction < links || efSearch < 1 || pivots < 1) {
            throw new IllegalArgumentException("Invalid DisGraph parameters: links=" + links + " maxDegree=" + maxDegree
                    + " efConstruction=" + efConstruction + " efSearch=" + efSearch + " pivots=" + pivots);
        }
        if (entryPoints < 1 || entryPoints > pivots || expansionHops < 0 || !(expansionRadius >= 0)) {
            throw new IllegalArgumentException("Invalid DisGraph parameters: entryPoints=" + entryPoints
                    + " expansionHops=" + expansionHops + " expansionRadius=" + expansionRadius);
        }
    }

    /**
     * The default beam width for a graph of {@code nodes} live nodes: {@code efSearch} up to 100k nodes, then
     * {@code efSearch × log10(nodes / 10,000)} (twice {@code efSearch} at 1M). A fixed beam loses recall as the graph
     * grows: at 1M synthetic facts recall@10 is 0.814 with 64 and 0.892 with 128, at ≤ 1.5 ms p99
     * (docs/benchmarks/memory-core.md).
     */
    public int efFor(int nodes) {
        if (nodes <= 100_000) {
            return efSearch;
        }
        return (int) Math.round(efSearch * Math.log10(nodes / 10_000.0));
    }

    /** Defaults: links 16, maxDegree 32, efConstruction 100, efSearch 64, 64 pivots, 4 entry points, h 2, τ 0.35. */
    public static DisGraphParams defaults() {
        return new DisGraphParams(16, 32, 100, 64, 64, 4, 2, 0.35f, false, 42L);
    }

    public DisGraphParams withEfSearch(int ef) {
        return new DisGraphParams(
                links,
                maxDegree,
                efConstruction,
                ef,
                pivots,
                entryPoints,
                expansionHops,
                expansionRadius,
                quantized,
                seed);
    }

    public DisGraphParams withEfConstruction(int ef) {
        return new DisGraphParams(
                links, maxDegree, ef, efSearch, pivots, entryPoints, expansionHops, expansionRadius, quantized, seed);
    }

    public DisGraphParams withLinks(int newLinks, int newMaxDegree) {
        return new DisGraphParams(
                newLinks,
                newMaxDegree,
                efConstruction,
                efSearch,
                pivots,
                entryPoints,
                expansionHops,
                expansionRadius,
                quantized,
                seed);
    }

    public DisGraphParams withExpansion(int hops, float radius) {
        return new DisGraphParams(
                links, maxDegree, efConstruction, efSearch, pivots, entryPoints, hops, radius, quantized, seed);
    }

    public DisGraphParams withQuantized(boolean q) {
        return new DisGraphParams(
                links,
                maxDegree,
                efConstruction,
                efSearch,
                pivots,
                entryPoints,
                expansionHops,
                expansionRadius,
                q,
                seed);
    }

    public DisGraphParams withPivots(int newPivots, int newEntryPoints) {
        return new DisGraphParams(
                links,
                maxDegree,
                efConstruction,
                efSearch,
                newPivots,
                newEntryPoints,
                expansionHops,
                expansionRadius,
                quantized,
                seed);
    }
}
