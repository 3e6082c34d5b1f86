package io.mnemos.gateway.cors;

import io.mnemos.gateway.problem.Problems;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS from {@link CorsProperties}, before authentication: preflight requests carry no credentials and are answered
 * here without reaching a service. A cross-origin request from an origin that is not allowed gets a 403 problem (with
 * no origins configured, that is every cross-origin request); same-origin requests and clients that send no {@code
 * Origin} are not affected.
 */
@Component
class CorsFilter implements WebFilter, Ordered {
    private final CorsConfiguration config = new CorsConfiguration();
    private final CorsProcessor processor = new DefaultCorsProcessor();

    CorsFilter(CorsProperties props) {
        if (!props.allowedOrigins().isEmpty()) {
            config.setAllowedOriginPatterns(props.allowedOrigins());
            config.setAllowedMethods(props.allowedMethods());
            config.setAllowedHeaders(props.allowedHeaders());
            config.setExposedHeaders(props.exposedHeaders());
            config.setMaxAge(props.maxAge());
            // API keys travel in headers, not cookies.
            config.setAllowCredentials(false);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 5;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!CorsUtils.isCorsRequest(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        if (!processor.process(config, exchange)) {
            return Problems.write(
                    exchange,
                    Problems.of(
                            HttpStatus.FORBIDDEN,
                            "cors-rejected",
                            "Cross-origin request refused",
                            "Origin " + exchange.getRequest().getHeaders().getOrigin()
                                    + " may not call this API (mnemos.gateway.cors.allowed-origins)."),
                    Map.of());
        }
        if (CorsUtils.isPreFlightRequest(exchange.getRequest())) {
            return Mono.empty();
        }
        return chain.filter(exchange);
    }
}
