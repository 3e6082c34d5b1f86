package io.mnemos.gateway.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.gateway.problem.Problems;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import reactor.core.publisher.Mono;

/**
 * Takes a token from an authenticated caller's bucket and says what to answer: the {@code X-RateLimit-*} headers for
 * every limited response and, when the bucket is empty, the 429 problem with {@code Retry-After} (whole seconds, at
 * least 1). Shared by the {@link RateLimitFilter} and the fast proxy.
 */
public final class RateLimits {
    /**
     * @param headers   response headers to add, whether allowed or not
     * @param rejection the 429 problem, or {@code null} when the request may go on
     */
    public record Verdict(Map<String, String> headers, ProblemDetail rejection) {}

    private final RateLimiter limiter;
    private final RateLimitProperties props;
    private final MeterRegistry meters;

    RateLimits(RateLimiter limiter, RateLimitProperties props, MeterRegistry meters) {
        this.limiter = limiter;
        this.props = props;
        this.meters = meters;
    }

    /** One request by {@code id}: its bucket is per tenant and principal (API key or JWT subject). */
    public Mono<Verdict> take(Identity id) {
        RateLimitProperties.Limit limit = props.limitFor(id.tenant());
        return limiter.tryConsume(id.tenant() + "/" + id.principal(), limit).map(d -> {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-RateLimit-Limit", Long.toString(limit.requestsPerSecond()));
            headers.put("X-RateLimit-Remaining", Long.toString(d.remaining()));
            if (d.allowed()) {
                return new Verdict(headers, null);
            }
            long seconds = Math.max(1, (d.retryAfter().toMillis() + 999) / 1000);
            headers.put("Retry-After", Long.toString(seconds));
            meters.counter("mnemos.gateway.ratelimit.rejected", "tenant", id.tenant())
                    .increment();
            return new Verdict(
                    headers,
                    Problems.of(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "rate-limited",
                            "Too many requests",
                            "This key may make " + limit.requestsPerSecond() + " requests per second (bursts of "
                                    + limit.burst() + "); retry after " + seconds + " s."));
        });
    }
}
