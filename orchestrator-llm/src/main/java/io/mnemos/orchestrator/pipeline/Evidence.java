package io.mnemos.orchestrator.pipeline;

import org.jspecify.annotations.Nullable;

/**
 * One passage a specialist found, as the composer cites it.
 *
 * @param source    where it came from: {@code memory} or {@code documents}
 * @param id        its id in that source (turn id, fact id, chunk id)
 * @param title     a title (document title, memory type), if any
 * @param text      the passage
 * @param score     the specialist's score (comparable only within one source)
 * @param reference how to fetch it again (e.g. {@code collection/documentId}), if any
 */
public record Evidence(
        String source, String id, @Nullable String title, String text, double score, @Nullable String reference) {}
