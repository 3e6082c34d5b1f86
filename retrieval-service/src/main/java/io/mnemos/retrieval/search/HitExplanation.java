package io.mnemos.retrieval.search;

/**
 * Why a hit ranks where it does (only with {@link SearchRequest#explain()}).
 *
 * @param bm25Rank 1-based rank in the BM25 list, or null if absent (or BM25 not run)
 * @param bm25Score raw BM25 score, or null
 * @param denseRank 1-based rank in the dense list, or null
 * @param denseScore similarity score from the vector search ((1 + cosine) / 2 for unit vectors), or null
 * @param fusion description of the fusion that produced the final score, e.g. {@code rrf(k=60)}; null for single mode
 */
public record HitExplanation(Integer bm25Rank, Float bm25Score, Integer denseRank, Float denseScore, String fusion) {}
