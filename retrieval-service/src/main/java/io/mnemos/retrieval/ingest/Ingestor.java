package io.mnemos.retrieval.ingest;

import io.mnemos.model.Embedder;
import io.mnemos.retrieval.index.DocumentToIndex;
import io.mnemos.retrieval.index.IndexRegistry;
import io.mnemos.retrieval.index.IndexedChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Chunks, embeds and indexes documents.
 *
 * <p>All chunks of the whole batch are embedded before anything is written, and each document is then written with
 * one atomic replace: if embedding fails nothing is written, and a document is never searchable half-indexed.
 * Re-ingesting a document id replaces every chunk of the previous version (also when it had more chunks). Thread-safe.
 */
public final class Ingestor {

    private final IndexRegistry registry;
    private final Embedder embedder;
    private final Chunker chunker;
    private final int contextChunks;

    /** With the default context window ({@value #DEFAULT_CONTEXT_CHUNKS} chunks each side). */
    public Ingestor(IndexRegistry registry, Embedder embedder, Chunker chunker) {
        this(registry, embedder, chunker, DEFAULT_CONTEXT_CHUNKS);
    }

    /**
     * @param contextChunks chunks on each side whose text is indexed with a chunk in the BM25-only {@code context}
     *     field (0 = no context field). Bounds the index cost at (2·n + 1)× the text postings.
     */
    public Ingestor(IndexRegistry registry, Embedder embedder, Chunker chunker, int contextChunks) {
        this.registry = Objects.requireNonNull(registry);
        this.embedder = Objects.requireNonNull(embedder);
        this.chunker = Objects.requireNonNull(chunker);
        if (contextChunks < 0) {
            throw new IllegalArgumentException("contextChunks must be >= 0");
        }
        this.contextChunks = contextChunks;
    }

    /** Default context window: 2 chunks each side (covers a typical ~250-word abstract entirely). */
    public static final int DEFAULT_CONTEXT_CHUNKS = 2;

    public IngestResult ingest(String tenant, String collection, SourceDocument document) {
        return ingest(tenant, collection, List.of(document));
    }

    /**
     * Ingests a batch into one tenant's collection.
     *
     * @throws IllegalArgumentException if a document is empty (no title and no text), ids are blank or repeated in the
     *     batch, or metadata keys are invalid — before anything is written
     */
    public IngestResult ingest(String tenant, String collection, List<SourceDocument> documents) {
        Prepared prepared = prepare(collection, documents);
        return write(tenant, prepared);
    }

    /**
     * A batch chunked and embedded, ready to be written by {@link #write}. Lets a caller embed (slow) outside a
     * database transaction and write the index (fast) inside one.
     *
     * @param documents the documents, converted for the index, in input order
     * @param chunks total chunks
     * @param embedMillis time spent embedding
     */
    public record Prepared(List<DocumentToIndex> documents, int chunks, long embedMillis) {
        public Prepared {
            documents = List.copyOf(documents);
        }
    }

    /**
     * Chunks and embeds a batch without writing anything.
     *
     * @throws IllegalArgumentException if a document is empty (no title and no text), ids are blank or repeated in the
     *     batch
     */
    public Prepared prepare(String collection, List<SourceDocument> documents) {
        if (collection == null || collection.isBlank()) {
            throw new IllegalArgumentException("collection must not be blank");
        }
        if (documents.isEmpty()) {
            return new Prepared(List.of(), 0, 0);
        }
        List<List<Chunk>> chunked = new ArrayList<>(documents.size());
        List<String> texts = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (SourceDocument d : documents) {
            if (!ids.add(d.documentId())) {
                throw new IllegalArgumentException("document id repeated in batch: " + d.documentId());
            }
            List<Chunk> chunks = chunker.chunk(d.documentId(), d.title(), d.text());
            if (chunks.isEmpty()) {
                throw new IllegalArgumentException("document " + d.documentId() + " has no title and no text");
            }
            chunked.add(chunks);
            chunks.forEach(c -> texts.add(c.embeddingText()));
        }
        long t0 = System.nanoTime();
        List<float[]> vectors = embedder.embedAll(texts);
        long t1 = System.nanoTime();
        if (vectors.size() != texts.size()) {
            throw new IllegalStateException("embedder returned " + vectors.size() + " vectors for " + texts.size());
        }
        List<DocumentToIndex> toIndex = new ArrayList<>(documents.size());
        int v = 0;
        for (int i = 0; i < documents.size(); i++) {
            SourceDocument d = documents.get(i);
            List<IndexedChunk> chunks = new ArrayList<>();
            List<Chunk> docChunks = chunked.get(i);
            for (int j = 0; j < docChunks.size(); j++) {
                Chunk c = docChunks.get(j);
                chunks.add(new IndexedChunk(
                        c.chunkId(), c.ordinal(), c.title(), c.text(), vectors.get(v++), context(docChunks, j)));
            }
            toIndex.add(new DocumentToIndex(collection, d.documentId(), d.metadata(), chunks));
        }
        return new Prepared(toIndex, texts.size(), (t1 - t0) / 1_000_000);
    }

    /** Writes a prepared batch: one atomic replace per document, then commit and refresh as configured. */
    public IngestResult write(String tenant, Prepared prepared) {
        if (prepared.documents().isEmpty()) {
            return new IngestResult(0, 0, prepared.embedMillis(), 0);
        }
        long t1 = System.nanoTime();
        registry.write(tenant, idx -> {
            idx.replaceDocuments(prepared.documents());
            return null;
        });
        long t2 = System.nanoTime();
        return new IngestResult(
                prepared.documents().size(), prepared.chunks(), prepared.embedMillis(), (t2 - t1) / 1_000_000);
    }

    private String context(List<Chunk> chunks, int j) {
        if (contextChunks == 0 || chunks.size() == 1) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int k = Math.max(0, j - contextChunks); k <= Math.min(chunks.size() - 1, j + contextChunks); k++) {
            sb.append(chunks.get(k).text()).append('\n');
        }
        return sb.toString();
    }

    /** Deletes a document (all its chunks); a missing document or tenant is a no-op. */
    public void delete(String tenant, String collection, String documentId) {
        if (!registry.exists(tenant)) {
            return;
        }
        registry.write(tenant, idx -> {
            idx.deleteDocument(collection, documentId);
            return null;
        });
    }
}
