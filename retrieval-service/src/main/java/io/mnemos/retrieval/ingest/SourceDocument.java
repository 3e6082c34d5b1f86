package io.mnemos.retrieval.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A document to ingest.
 *
 * @param documentId unique within its collection; re-ingesting the same id replaces the document
 * @param title may be empty
 * @param text body text (paragraphs separated by blank lines); may be empty if the title is not
 * @param metadata string key/values for filtering (keys: letters, digits, '_', '.', '-')
 */
public record SourceDocument(String documentId, String title, String text, Map<String, String> metadata) {
    public SourceDocument {
        Objects.requireNonNull(documentId, "documentId");
        title = title == null ? "" : title;
        text = text == null ? "" : text;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static SourceDocument of(String documentId, String title, String text) {
        return new SourceDocument(documentId, title, text, Map.of());
    }

    /** From a parsed file; {@code metadata} is added to the file's own (and wins on conflicts). */
    public static SourceDocument from(String documentId, ParsedDocument parsed, Map<String, String> metadata) {
        Map<String, String> m = new HashMap<>();
        m.put("mediaType", parsed.mediaType());
        m.putAll(metadata);
        return new SourceDocument(documentId, parsed.title(), parsed.text(), m);
    }
}
