/**
 * Per-tenant Lucene indexes of chunks: BM25 text fields, keyword metadata and a quantized HNSW vector per chunk.
 *
 * <p><b>Layout.</b> {@code <dataDir>/tenants/<tenantId>/} holds one Lucene index per tenant (one writer, one NRT
 * searcher manager). A collection is a keyword field, not a sub-index: tenants may own many small collections (agent
 * memories), and one writer per tenant keeps file handles, threads and merge work bounded; a collection filter is a
 * cheap term filter applied as a pre-filter of the kNN search (Lucene falls back to exact search when a filter is very
 * selective, so small collections in big tenants stay exact). Physical separation between tenants is the isolation
 * boundary; every query still filters on the tenant field too.
 *
 * <p><b>Writes.</b> A document is all its chunks: {@link io.mnemos.retrieval.index.TenantIndex#replaceDocuments}
 * replaces them with one {@code updateDocuments} call keyed by collection + document id, so readers see the old or the
 * new version, never a part. Batches commit (fsync) and refresh by default.
 *
 * <p><b>Vectors.</b> {@link io.mnemos.retrieval.index.MnemosCodec} puts
 * {@code Lucene104HnswScalarQuantizedVectorsFormat} (int8 by default, int4 and 1-bit configurable) or float32 HNSW on
 * the vector field.
 */
package io.mnemos.retrieval.index;
