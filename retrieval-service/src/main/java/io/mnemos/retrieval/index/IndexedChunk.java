package io.mnemos.retrieval.index;

import java.util.Objects;

/**
 * One chunk ready to be indexed: text plus its embedding.
 *
 * @param chunkId unique within the tenant's collection, e.g. {@code documentId#3}
 * @param ordinal position within the document
 * @param title the document title (indexed with every chunk)
 * @param text the chunk text
 * @param vector the embedding (normalised to unit length on indexing)
 * @param context the text of the neighbouring chunks and this one (BM25 only, not stored); null = none
 */
public record IndexedChunk(String chunkId, int ordinal, String title, String text, float[] vector, String context) {
    public IndexedChunk(String chunkId, int ordinal, String title, String text, float[] vector) {
        this(chunkId, ordinal, title, text, vector, null);
    }

    public IndexedChunk {
        Objects.requireNonNull(chunkId, "chunkId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(vector, "vector");
    }
}
