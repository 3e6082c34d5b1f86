/**
 * Search over the tenant indexes: {@link io.mnemos.retrieval.search.Retriever} (one request → response method),
 * implemented by {@link io.mnemos.retrieval.search.LuceneRetriever} with BM25, dense (quantized HNSW) and hybrid
 * (RRF or convex fusion) modes, metadata filters, per-document grouping, highlights and per-mode explanations.
 */
package io.mnemos.retrieval.search;
