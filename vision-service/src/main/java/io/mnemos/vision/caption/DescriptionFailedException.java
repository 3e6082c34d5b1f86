package io.mnemos.vision.caption;

/**
 * The model could not describe the image. {@link #retriable()} tells a transient cause (timeout, rate limit, server
 * error, connection refused) from one that needs a configuration change (authentication, unknown model, bad request).
 */
public class DescriptionFailedException extends RuntimeException {
    private final boolean retriable;

    public DescriptionFailedException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    /** Whether trying again later may succeed. */
    public boolean retriable() {
        return retriable;
    }
}
