package io.mnemos.retrieval.corpusstats;

import java.util.Objects;

/**
 * One input document of an index build.
 *
 * @param id caller's identifier, returned by {@code searchDocs}; any string
 * @param text the document text (tokenized with the index's {@link Tokenizer})
 */
public record Document(String id, String text) {
    public Document {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
    }
}
