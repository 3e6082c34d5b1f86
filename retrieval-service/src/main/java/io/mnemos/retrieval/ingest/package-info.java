/**
 * Ingestion: {@link io.mnemos.retrieval.ingest.DocumentParser} (text, Markdown, HTML, PDF via Tika) →
 * {@link io.mnemos.retrieval.ingest.Chunker} (whole sentences, ~90 words, 1-sentence overlap, title in the embedding
 * text) → {@link io.mnemos.retrieval.ingest.Ingestor} (embed the whole batch, then one atomic replace per document).
 */
package io.mnemos.retrieval.ingest;
