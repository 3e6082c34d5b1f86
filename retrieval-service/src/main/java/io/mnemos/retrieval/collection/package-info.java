/**
 * Collections, documents and search over HTTP and Kafka: the service layer on top of {@code ingest}, {@code index} and
 * {@code search}.
 *
 * <p>{@link io.mnemos.retrieval.collection.CollectionService} owns the write path (embed outside a transaction, then
 * document rows + Lucene replace/commit + outbox events in one PostgreSQL transaction, with the index write undone if
 * that transaction does not commit) and tenant-scoped reads. {@link io.mnemos.retrieval.collection.BulkIngestions}
 * runs NDJSON bulk requests as resumable jobs; {@link io.mnemos.retrieval.collection.IngestRequestListener} consumes
 * {@code retrieval.document.ingest.requested}. {@link io.mnemos.retrieval.collection.RetrievalConfiguration} wires the
 * core from {@link io.mnemos.retrieval.collection.RetrievalProperties}; the model and the indexes load lazily.
 */
package io.mnemos.retrieval.collection;
