package io.mnemos.retrieval.corpusstats;

import java.util.List;

/**
 * The stored tokens of one document (the index keeps tokens, not the original text).
 *
 * @param docIndex global document index
 * @param docId the caller's document id
 * @param tokens the document's tokens in order
 */
public record DocumentView(long docIndex, String docId, List<String> tokens) {
    public DocumentView {
        tokens = List.copyOf(tokens);
    }

    /** Tokens joined by single spaces (not the original spacing). */
    public String text() {
        return String.join(" ", tokens);
    }
}
