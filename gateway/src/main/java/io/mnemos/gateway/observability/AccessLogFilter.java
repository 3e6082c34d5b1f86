package io.mnemos.gateway.observability;

import io.mnemos.gateway.auth.AuthenticationFilter;
import io.mnemos.gateway.problem.ProblemErrorHandler;
import io.mnemos.gateway.system.FailedResponseCapture;
import io.mnemos.gateway.system.SystemProperties;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Runs first: gives each request an id ({@code X-Request-Id} from the client when valid, else a UUIDv7), forwards it
 * to the service and echoes it on the response; when the request is done, hands it to the {@link RequestLog}
 * (access-log line, timer, recent errors). Responses with status 500 or above carry the problem's title and detail
 * when the body was small problem+json.
 *
 * <p>Errors raised further down are rendered here (through the {@link ProblemErrorHandler}) so that the logged and
 * measured status is the one the client gets.
 */
@Component
public class AccessLogFilter implements WebFilter, Ordered {
    public static final String REQUEST_ID_HEADER = RequestLog.REQUEST_ID_HEADER;

    private final RequestLog log;
    private final ProblemErrorHandler errors;
    private final int maxProblemBody;

    public AccessLogFilter(RequestLog log, ProblemErrorHandler errors, SystemProperties system) {
        this.log = log;
        this.errors = errors;
        this.maxProblemBody = system.maxProblemBody();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long start = System.nanoTime();
        ServerHttpRequest request = exchange.getRequest();
        String requestId = RequestLog.requestId(request.getHeaders().getFirst(REQUEST_ID_HEADER));
        ServerHttpRequest withId = request.mutate()
                .headers(h -> h.set(REQUEST_ID_HEADER, requestId))
                .build();
        exchange.getResponse().getHeaders().set(REQUEST_ID_HEADER, requestId);
        FailedResponseCapture response = new FailedResponseCapture(exchange.getResponse(), maxProblemBody);
        ServerWebExchange next =
                exchange.mutate().request(withId).response(response).build();
        return chain.filter(next)
                .onErrorResume(e -> errors.handle(next, e))
                .doFinally(signal -> record(next, response, requestId, start, signal.toString()));
    }

    private void record(
            ServerWebExchange exchange, FailedResponseCapture response, String requestId, long start, String signal) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        // A client that went away before the answer: 499, as nginx logs it.
        int code = "cancel".equals(signal) ? 499 : status == null ? 200 : status.value();
        log.record(
                exchange.getRequest().getMethod().name(),
                exchange.getRequest().getPath().value(),
                code,
                System.nanoTime() - start,
                route(exchange),
                exchange.getAttribute(AuthenticationFilter.IDENTITY_ATTRIBUTE),
                requestId,
                code >= 500 ? response.problem() : FailedResponseCapture.ProblemText.NONE);
    }

    private static String route(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route != null) {
            return route.getId();
        }
        String path = exchange.getRequest().getPath().value();
        if (path.startsWith(AuthenticationFilter.ADMIN_PATH_PREFIX)) {
            return "admin";
        }
        if (path.startsWith("/actuator")) {
            return "actuator";
        }
        if (path.startsWith("/v3/api-docs") || path.startsWith("/swagger-ui") || path.startsWith("/webjars")) {
            return "docs";
        }
        if (path.startsWith("/console")) {
            return "console";
        }
        return "unrouted";
    }
}
