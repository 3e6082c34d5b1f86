/**
 * Search algorithms shared by services that run their own Lucene indexes (retrieval-service's document chunks,
 * memory-service's conversation turns): {@link io.mnemos.search.RankFusion} merges a BM25 and a dense ranking by RRF or
 * a convex combination of min-max normalised scores ({@link io.mnemos.search.Fusion}); {@link
 * io.mnemos.search.QuantizedHnswCodec} is the int8 HNSW codec. No service logic, no Spring.
 */
package io.mnemos.search;
