package io.mnemos.retrieval.corpusstats;

/**
 * A query string or query structure that cannot be evaluated. {@link #position()} is the 0-based character offset
 * in the query string where the problem was found, or {@code -1} when the problem is not tied to one place.
 */
public final class InvalidQueryException extends IllegalArgumentException {

    private final int position;

    public InvalidQueryException(String message, int position) {
        super(position >= 0 ? message + " (at position " + position + ")" : message);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
