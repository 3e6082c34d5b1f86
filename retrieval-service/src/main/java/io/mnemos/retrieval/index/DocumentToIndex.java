package io.mnemos.retrieval.index;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A whole document for {@link TenantIndex#replaceDocuments}: all its chunks replace all chunks indexed before under the
 * same collection and document id, atomically.
 *
 * @param collection collection name
 * @param documentId document id
 * @param metadata string key/values, indexed as keyword fields on every chunk (for filters) and stored
 * @param chunks at least one chunk
 */
public record DocumentToIndex(
        String collection, String documentId, Map<String, String> metadata, List<IndexedChunk> chunks) {
    public DocumentToIndex {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(documentId, "documentId");
        metadata = Map.copyOf(metadata);
        chunks = List.copyOf(chunks);
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("document " + documentId + " has no chunks");
        }
    }
}
