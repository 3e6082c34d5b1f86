package io.mnemos.retrieval.collection;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What PostgreSQL knows about an indexed document (its chunks are in Lucene).
 *
 * @param documentId the client's id
 * @param title      title (may be empty)
 * @param metadata   filterable metadata
 * @param mediaType  detected type of an uploaded file, or null for text sent as JSON
 * @param chunks     chunks indexed
 * @param characters body text length
 * @param source     {@code http}, {@code upload}, {@code bulk} or {@code kafka}
 * @param version    1 for the first version, +1 per replacement
 * @param createdAt  first indexed
 * @param indexedAt  last (re)indexed
 */
public record DocumentRecord(
        String documentId,
        String title,
        Map<String, String> metadata,
        @Nullable String mediaType,
        int chunks,
        long characters,
        String source,
        int version,
        Instant createdAt,
        Instant indexedAt) {}
