package io.mnemos.retrieval.search;

/** Which retrieval runs. */
public enum SearchMode {
    /** Lexical: BM25 over title and text. */
    BM25,
    /** Semantic: approximate kNN over chunk embeddings. */
    DENSE,
    /** Both, fused ({@link io.mnemos.search.Fusion}). */
    HYBRID
}
