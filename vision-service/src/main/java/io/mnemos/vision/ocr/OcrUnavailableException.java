package io.mnemos.vision.ocr;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * OCR cannot run: the engine or its language data is missing (permanent until someone installs it), or every worker
 * stayed busy for too long (transient: {@link #retryAfter()} is set).
 */
public class OcrUnavailableException extends RuntimeException {
    private final transient @Nullable Duration retryAfter;

    public OcrUnavailableException(String message, @Nullable Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** When to try again, for transient causes; null when an operator has to act. */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }
}
