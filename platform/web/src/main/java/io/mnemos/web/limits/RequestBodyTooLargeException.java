package io.mnemos.web.limits;

import java.io.IOException;
import org.springframework.util.unit.DataSize;

/**
 * Thrown by a limited request body stream when more than the limit has been read. An {@link IOException}, because
 * that is what readers of an input stream expect; the problem handlers find it in any cause chain and answer 413.
 */
public class RequestBodyTooLargeException extends IOException {
    private final transient DataSize limit;

    public RequestBodyTooLargeException(DataSize limit) {
        super("request body exceeds the limit of " + limit.toBytes() + " bytes");
        this.limit = limit;
    }

    /** The limit that was exceeded. */
    public DataSize limit() {
        return limit;
    }
}
