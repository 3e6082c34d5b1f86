package io.mnemos.contracts.events;

import io.mnemos.contracts.Event;
import io.mnemos.contracts.EventType;
import io.mnemos.contracts.Topics;
import java.time.Instant;

/**
 * retrieval-service removed a document and its chunks from the index. Key: {@code tenant:collection/documentId}.
 *
 * @param collection collection name
 * @param documentId the client's document id
 * @param reason     {@code deleted} (the document was deleted) or {@code collection-deleted} (its collection was)
 * @param deletedAt  when the removal was committed
 */
@EventType(
        name = "retrieval.document.deleted",
        topic = Topics.RETRIEVAL_EVENTS,
        description = "retrieval-service removed a document and its chunks from the index.")
public record DocumentDeleted(String collection, String documentId, String reason, Instant deletedAt)
        implements Event {}
