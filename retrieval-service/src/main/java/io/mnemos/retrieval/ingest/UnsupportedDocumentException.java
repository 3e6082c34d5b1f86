package io.mnemos.retrieval.ingest;

/** The file's format is not one the parser handles (maps to HTTP 415 Unsupported Media Type). */
public final class UnsupportedDocumentException extends DocumentParseException {
    public UnsupportedDocumentException(String message, String mediaType) {
        super(message, mediaType, null);
    }
}
