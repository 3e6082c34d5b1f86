package io.mnemos.retrieval.ingest;

/**
 * A passage of a document: the unit that is indexed, embedded and returned by search.
 *
 * @param documentId the owning document
 * @param chunkId {@code <documentId>#<ordinal>}: stable as long as the document's text and the chunking options do not
 *     change
 * @param ordinal 0-based position in the document
 * @param title the document title (repeated in every chunk)
 * @param text the chunk's body text (whole sentences)
 * @param embeddingText what is embedded: the title and the text, or the text alone
 */
public record Chunk(String documentId, String chunkId, int ordinal, String title, String text, String embeddingText) {

    public static String chunkId(String documentId, int ordinal) {
        return documentId + "#" + ordinal;
    }
}
