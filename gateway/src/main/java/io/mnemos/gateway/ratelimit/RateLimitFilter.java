package io.mnemos.gateway.ratelimit;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.gateway.auth.AuthenticationFilter;
import io.mnemos.gateway.problem.Problems;
import org.springframework.core.Ordered;
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
    private final RateLimits limits;

    public RateLimitFilter(RateLimits limits) {
        this.limits = limits;
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
        return limits.take(id).flatMap(v -> {
            if (v.rejection() != null) {
                return Problems.write(exchange, v.rejection(), v.headers());
            }
            v.headers().forEach(exchange.getResponse().getHeaders()::set);
            return chain.filter(exchange);
        });
    }
}
