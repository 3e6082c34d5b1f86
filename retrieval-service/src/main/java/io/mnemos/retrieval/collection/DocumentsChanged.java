package io.mnemos.retrieval.collection;

import java.util.List;
import java.util.UUID;

/**
 * Published (as a Spring application event) inside the write transaction of {@link CollectionService}; listeners that
 * must only see committed data use {@code @TransactionalEventListener} (after commit). Carries the full text of written
 * documents, so listeners need not read it back from the chunked (overlapping) index.
 *
 * @param tenant            owner
 * @param collectionId      internal collection id
 * @param collection        the collection's name
 * @param written           documents written or replaced
 * @param deleted           ids of deleted documents
 * @param collectionDeleted the whole collection was deleted
 */
public record DocumentsChanged(
        String tenant,
        UUID collectionId,
        String collection,
        List<Written> written,
        List<String> deleted,
        boolean collectionDeleted) {

    public DocumentsChanged {
        written = List.copyOf(written);
        deleted = List.copyOf(deleted);
    }

    /** A written document's id, title and full text. */
    public record Written(String id, String title, String text) {}
}
