package io.mnemos.retrieval.ingest;

/**
 * The format is supported but the file is broken, encrypted, too large or has no extractable text (maps to HTTP 422
 * Unprocessable Content).
 */
public final class MalformedDocumentException extends DocumentParseException {
    public MalformedDocumentException(String message, String mediaType, Throwable cause) {
        super(message, mediaType, cause);
    }
}
