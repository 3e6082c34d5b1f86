package io.mnemos.retrieval.collection;

import java.time.Instant;
import java.util.UUID;

/**
 * A tenant's collection of documents.
 *
 * @param id        internal id; the Lucene {@code collection} field holds it, so a deleted and re-created name starts
 *                  empty
 * @param tenant    owner
 * @param name      the name clients use in paths
 * @param createdAt creation time
 */
public record Collection(UUID id, String tenant, String name, Instant createdAt) {}
