package io.mnemos.retrieval.ingest;

/**
 * A file could not be turned into text. Subclasses say why: {@link UnsupportedDocumentException} (the format is not
 * one we parse: HTTP 415) and {@link MalformedDocumentException} (the format is supported but the content is broken,
 * encrypted or has no text: HTTP 422).
 */
public abstract sealed class DocumentParseException extends RuntimeException
        permits UnsupportedDocumentException, MalformedDocumentException {

    private final String mediaType;

    protected DocumentParseException(String message, String mediaType, Throwable cause) {
        super(message, cause);
        this.mediaType = mediaType;
    }

    /** The detected media type, e.g. {@code application/pdf}; may be {@code application/octet-stream}. */
    public String mediaType() {
        return mediaType;
    }
}
