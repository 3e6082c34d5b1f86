package io.mnemos.retrieval.ingest;

import java.util.Map;
import java.util.Objects;

/**
 * Plain text extracted from a file.
 *
 * @param title the document title (from the file's metadata, its first Markdown heading, or its file name); never null,
 *     may be empty
 * @param text the body text, paragraphs separated by blank lines; never blank
 * @param mediaType the detected media type, e.g. {@code application/pdf}
 * @param metadata string metadata found in the file (author, language, page count...), may be empty
 */
public record ParsedDocument(String title, String text, String mediaType, Map<String, String> metadata) {
    public ParsedDocument {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(mediaType, "mediaType");
        metadata = Map.copyOf(metadata);
    }
}
