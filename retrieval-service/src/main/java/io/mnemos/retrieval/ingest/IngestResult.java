package io.mnemos.retrieval.ingest;

/**
 * Outcome of an ingest call.
 *
 * @param documents documents written
 * @param chunks chunks written
 * @param embedMillis time spent embedding
 * @param indexMillis time spent writing, committing and refreshing
 */
public record IngestResult(int documents, int chunks, long embedMillis, long indexMillis) {}
