package io.mnemos.contracts;

/**
 * An event that cannot be read or does not fit its contract. Not retriable: consumers send such events to the
 * dead-letter topic at once instead of retrying.
 */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
