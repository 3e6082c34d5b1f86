package io.mnemos.contracts.events;

import io.mnemos.contracts.Event;
import io.mnemos.contracts.EventType;
import io.mnemos.contracts.Topics;
import java.util.Map;

/**
 * A producer asks retrieval-service to index (or replace) one text document in a collection of the envelope's tenant,
 * the Kafka twin of {@code POST /v1/collections/{collection}/documents}. Key: {@code tenant:collection/documentId}, so
 * requests for one document stay ordered.
 *
 * @param collection       collection name ({@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}})
 * @param documentId       the client's document id; an existing document with this id is replaced
 * @param title            document title, or null
 * @param text             body text (paragraphs separated by blank lines)
 * @param metadata         string metadata for search filters (keys {@code [A-Za-z0-9_.-]{1,64}}), or null
 * @param createCollection create the collection if it does not exist (otherwise such a request is dead-lettered)
 */
@EventType(
        name = "retrieval.document.ingest.requested",
        topic = Topics.RETRIEVAL_REQUESTS,
        description = "A producer asks retrieval-service to index (or replace) a text document in a collection.")
public record DocumentIngestRequested(
        String collection,
        String documentId,
        String title,
        String text,
        Map<String, String> metadata,
        boolean createCollection)
        implements Event {}
