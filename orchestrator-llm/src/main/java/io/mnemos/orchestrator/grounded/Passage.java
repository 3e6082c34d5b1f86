package io.mnemos.orchestrator.grounded;

import org.jspecify.annotations.Nullable;

/**
 * A passage put into the prompt: evidence the pipeline gathered, or a document hit retrieved for a flagged claim.
 *
 * @param source    {@code memory} or {@code documents}
 * @param id        its id in that source (chunk id, turn id)
 * @param title     a title, if any
 * @param text      the passage
 * @param reference how to fetch it again (e.g. {@code collection/documentId}), if any
 */
public record Passage(String source, String id, @Nullable String title, String text, @Nullable String reference) {}
