package io.mnemos.gateway.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.gateway.auth.AuthenticationFilter;
import io.mnemos.gateway.problem.Problems;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Limits each authenticated caller (after {@link AuthenticationFilter}) to its token bucket: 429 problem+json with
 * {@code Retry-After} (whole seconds, at least 1) when empty; {@code X-RateLimit-Limit} and {@code
 * X-RateLimit-Remaining} on every limited response. Public paths (health, docs) carry no identity and are not limited.
 */
public class RateLimitFilter implements WebFilter, Ordered {
    private final RateLimiter limiter;
    private final RateLimitProperties props;
    private final MeterRegistry meters;

    public RateLimitFilter(RateLimiter limiter, RateLimitProperties props, MeterRegistry meters) {
        this.limiter = limiter;
        this.props = props;
        this.meters = meters;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 30;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Identity id = exchange.getAttribute(AuthenticationFilter.IDENTITY_ATTRIBUTE);
        if (id == null) {
            return chain.filter(exchange);
        }
        RateLimitProperties.Limit limit = props.limitFor(id.tenant());
        return limiter.tryConsume(id.tenant() + "/" + id.principal(), limit).flatMap(d -> {
            var headers = exchange.getResponse().getHeaders();
            headers.set("X-RateLimit-Limit", Long.toString(limit.requestsPerSecond()));
            headers.set("X-RateLimit-Remaining", Long.toString(d.remaining()));
            if (d.allowed()) {
                return chain.filter(exchange);
            }
            long seconds = Math.max(1, (d.retryAfter().toMillis() + 999) / 1000);
            meters.counter("mnemos.gateway.ratelimit.rejected", "tenant", id.tenant())
                    .increment();
            return Problems.write(
                    exchange,
                    Problems.of(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "rate-limited",
                            "Too many requests",
                            "This key may make " + limit.requestsPerSecond() + " requests per second (bursts of "
                                    + limit.burst() + "); retry after " + seconds + " s."),
                    Map.of("Retry-After", Long.toString(seconds)));
        });
    }
}
