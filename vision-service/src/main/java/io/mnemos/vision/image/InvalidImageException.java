package io.mnemos.vision.image;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The data cannot be accepted as an image. The {@link Reason} says why (the HTTP layer maps it to a problem type);
 * the message is a sentence meant for the client: what is wrong and what is accepted.
 */
public class InvalidImageException extends RuntimeException {

    /** Why an image was refused. */
    public enum Reason {
        /** Zero bytes. */
        EMPTY,
        /** More bytes than the configured limit. */
        TOO_MANY_BYTES,
        /** Not a known image format at all (text, an archive, random bytes). */
        NOT_AN_IMAGE,
        /** A recognised image format that is not accepted (GIF, BMP, PDF, HEIC, …). */
        UNSUPPORTED_FORMAT,
        /** An accepted format, but the data is truncated or corrupt. */
        CORRUPT,
        /** Width × height (from the header, before decoding) exceeds the pixel limit. */
        TOO_MANY_PIXELS
    }

    private final Reason reason;

    public InvalidImageException(Reason reason, String message) {
        this(reason, message, null);
    }

    public InvalidImageException(Reason reason, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the image was refused. */
    public Reason reason() {
        return reason;
    }
}
