package io.mnemos.gateway.routing;

import io.mnemos.gateway.GatewayProperties;
import io.mnemos.gateway.problem.Problems;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** Rejects bodies over the configured size by their declared length, before anything is forwarded. */
@Component
public class RequestSizeFilter implements WebFilter, Ordered {
    private final GatewayProperties props;

    RequestSizeFilter(GatewayProperties props) {
        this.props = props;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ProblemDetail tooLarge = tooLarge(
                exchange.getRequest().getHeaders().getContentLength(),
                props.maxRequestSize().toBytes());
        return tooLarge != null ? Problems.write(exchange, tooLarge, Map.of()) : chain.filter(exchange);
    }

    /** The 413 problem for a declared body {@code length} (-1: none declared) over {@code max}, else {@code null}. */
    public static ProblemDetail tooLarge(long length, long max) {
        if (length <= max) {
            return null;
        }
        return Problems.of(
                HttpStatus.CONTENT_TOO_LARGE,
                "payload-too-large",
                "Payload too large",
                "The request body has " + length + " bytes; the limit is " + max
                        + " bytes (mnemos.gateway.max-request-size).");
    }
}
