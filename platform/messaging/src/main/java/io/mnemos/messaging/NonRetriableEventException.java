package io.mnemos.messaging;

/**
 * Thrown by an event handler when an event can never be processed, however often it is retried (a reference to
 * something that does not exist, a business rule the event breaks). The listener error handler sends the record to its
 * dead-letter topic at once instead of retrying. Anything else a handler throws is retried with backoff first, unless it
 * is one of the other non-retriable kinds ({@link io.mnemos.contracts.InvalidEventException}, {@link
 * IllegalArgumentException}, JSON and validation errors).
 */
public class NonRetriableEventException extends RuntimeException {
    public NonRetriableEventException(String message) {
        super(message);
    }

    public NonRetriableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
