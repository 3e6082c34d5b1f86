package io.mnemos.gateway.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mnemos.contracts.Ids;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.gateway.auth.AuthenticationFilter;
import io.mnemos.gateway.problem.ProblemErrorHandler;
import io.mnemos.gateway.system.FailedResponseCapture;
import io.mnemos.gateway.system.RecentError;
import io.mnemos.gateway.system.RecentErrors;
import io.mnemos.gateway.system.SystemProperties;
import java.time.Clock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * to the service and echoes it on the response; when the request is done, writes one access-log line (logger {@code
 * io.mnemos.gateway.access}: method, path, status, duration, route, tenant, principal — the key id, never the key) and
 * records the timer {@code mnemos.gateway.requests} tagged by route, tenant, method and status. Responses with status
 * 500 or above (proxied, or the gateway's own timeouts and unreachable services) also go to {@link RecentErrors}, with
 * the problem's title and detail when the body was small problem+json.
 *
 * <p>Errors raised further down are rendered here (through the {@link ProblemErrorHandler}) so that the logged and
 * measured status is the one the client gets.
 */
@Component
public class AccessLogFilter implements WebFilter, Ordered {
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final Logger access = LoggerFactory.getLogger("io.mnemos.gateway.access");
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final MeterRegistry meters;
    private final ProblemErrorHandler errors;
    private final RecentErrors recentErrors;
    private final int maxProblemBody;
    private final Clock clock;

    public AccessLogFilter(
            MeterRegistry meters,
            ProblemErrorHandler errors,
            RecentErrors recentErrors,
            SystemProperties system,
            Clock clock) {
        this.meters = meters;
        this.errors = errors;
        this.recentErrors = recentErrors;
        this.maxProblemBody = system.maxProblemBody();
        this.clock = clock;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long start = System.nanoTime();
        ServerHttpRequest request = exchange.getRequest();
        String presented = request.getHeaders().getFirst(REQUEST_ID_HEADER);
        String requestId = presented != null && VALID_ID.matcher(presented).matches()
                ? presented
                : Ids.newId().toString();
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
        long nanos = System.nanoTime() - start;
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        // A client that went away before the answer: 499, as nginx logs it.
        int code = "cancel".equals(signal) ? 499 : status == null ? 200 : status.value();
        Identity id = exchange.getAttribute(AuthenticationFilter.IDENTITY_ATTRIBUTE);
        String tenant = id == null ? "-" : id.tenant();
        String principal = id == null ? "-" : id.principal();
        String route = route(exchange);
        String method = exchange.getRequest().getMethod().name();
        Timer.builder("mnemos.gateway.requests")
                .description("Requests through the gateway, by route, tenant, method and status")
                .tag("route", route)
                .tag("tenant", tenant)
                .tag("method", method)
                .tag("status", Integer.toString(code))
                .register(meters)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (code >= 500) {
            FailedResponseCapture.ProblemText problem = response.problem();
            recentErrors.add(new RecentError(
                    clock.instant(),
                    requestId,
                    id == null ? null : id.tenant(),
                    route,
                    method,
                    exchange.getRequest().getPath().value(),
                    code,
                    problem.title(),
                    problem.detail()));
        }
        if (access.isInfoEnabled()) {
            access.info(
                    "{} {} {} {}ms route={} tenant={} principal={} requestId={}",
                    method,
                    exchange.getRequest().getPath().value(),
                    code,
                    String.format("%.1f", nanos / 1e6),
                    route,
                    tenant,
                    principal,
                    requestId);
        }
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
