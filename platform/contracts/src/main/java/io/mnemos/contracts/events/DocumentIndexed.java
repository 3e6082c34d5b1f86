package io.mnemos.contracts.events;

import io.mnemos.contracts.Event;
import io.mnemos.contracts.EventType;
import io.mnemos.contracts.Topics;
import java.time.Instant;

/**
 * retrieval-service indexed a document: its chunks are committed and searchable. Key: {@code
 * tenant:collection/documentId}.
 *
 * @param collection collection name
 * @param documentId the client's document id
 * @param title      document title (may be empty)
 * @param chunks     number of chunks indexed
 * @param characters length of the indexed body text
 * @param replaced   whether an earlier version of the document was replaced
 * @param source     how the request arrived: {@code http}, {@code upload}, {@code bulk} or {@code kafka}
 * @param indexedAt  when the chunks were committed
 */
@EventType(
        name = "retrieval.document.indexed",
        topic = Topics.RETRIEVAL_EVENTS,
        description = "retrieval-service indexed a document; its chunks are committed and searchable.")
public record DocumentIndexed(
        String collection,
        String documentId,
        String title,
        int chunks,
        long characters,
        boolean replaced,
        String source,
        Instant indexedAt)
        implements Event {}
