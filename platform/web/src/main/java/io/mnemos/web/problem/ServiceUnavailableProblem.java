package io.mnemos.web.problem;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * 503 Service Unavailable: a dependency (database, broker, model) is down or overloaded; the client may retry. With a
 * retry delay, the response carries {@code Retry-After} (seconds) and the problem a {@code retryAfterSeconds} member.
 */
public class ServiceUnavailableProblem extends ProblemException {
    /** A problem of type {@code service-unavailable}; {@code retryAfter} may be null. */
    public ServiceUnavailableProblem(String detail, @Nullable Duration retryAfter) {
        this("service-unavailable", "Service unavailable", detail, retryAfter, null);
    }

    /** A more specific problem: its own slug and title, keeping the cause for the logs. */
    public ServiceUnavailableProblem(
            String slug, String title, String detail, @Nullable Duration retryAfter, @Nullable Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, slug, title, detail, cause);
        if (retryAfter != null) {
            long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            withHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            with("retryAfterSeconds", seconds);
        }
    }
}
