package io.mnemos.retrieval.corpusstats;

/**
 * A token range inside one document: {@code [start, end)}, offsets counted from the document's first token.
 */
public record Span(int start, int end) {}
