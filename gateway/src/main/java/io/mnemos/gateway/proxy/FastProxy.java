package io.mnemos.gateway.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.gateway.GatewayProperties;
import io.mnemos.gateway.auth.Authentication;
import io.mnemos.gateway.auth.AuthenticationFailure;
import io.mnemos.gateway.observability.RequestLog;
import io.mnemos.gateway.problem.ProblemErrorHandler;
import io.mnemos.gateway.problem.Problems;
import io.mnemos.gateway.ratelimit.RateLimits;
import io.mnemos.gateway.routing.RequestSizeFilter;
import io.mnemos.gateway.routing.ServiceRoutes;
import io.mnemos.gateway.routing.ServiceRoutes.ServiceRoute;
import io.mnemos.gateway.system.FailedResponseCapture.ProblemText;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The gateway's hot path: plain HTTP requests to the services are proxied straight on Reactor Netty, ahead of Spring
 * WebFlux and Spring Cloud Gateway, whose filter chains cost about three times as much CPU per request.
 *
 * <p>A request gets what the WebFilter chain would give it, from the same components and in the same order: a request
 * id ({@link RequestLog}), the size check ({@link RequestSizeFilter}), credentials ({@link Authentication}), the rate
 * limit ({@link RateLimits}), the signed identity, the route's response timeout ({@link ServiceRoutes}), the same
 * problems for every failure ({@link ProblemErrorHandler}) and the same access log, metrics and recent errors. Bodies
 * stream both ways (uploads, SSE answers) and are never held, except a failed response's small problem+json body,
 * which is read whole for the recent-errors view.
 *
 * <p>{@link #takes} leaves everything else to Spring's chain: WebSocket upgrades, cross-origin requests (CORS),
 * public paths, the gateway's own API, docs and console, and unknown paths.
 */
public final class FastProxy {
    private static final String API_KEY_HEADER = "X-API-Key";

    private final ServiceRoutes routes;
    private final Authentication authentication;
    private final RateLimits limits;
    private final RequestLog log;
    private final HttpClient client;
    private final long maxRequestSize;
    private final Map<String, Target> targets;

    /**
     * @param limits {@code null} when rate limiting is off
     * @param client the HTTP client of Spring Cloud Gateway's routes (same pool, connect timeout and idle eviction)
     */
    public FastProxy(
            ServiceRoutes routes,
            Authentication authentication,
            RateLimits limits,
            RequestLog log,
            HttpClient client,
            GatewayProperties props,
            MeterRegistry meters) {
        this.routes = routes;
        this.authentication = authentication;
        this.limits = limits;
        this.log = log;
        this.client = client;
        this.maxRequestSize = props.maxRequestSize().toBytes();
        this.targets = routes.all().stream()
                .collect(Collectors.toUnmodifiableMap(
                        ServiceRoute::id,
                        r -> new Target(
                                // Like Spring Cloud Gateway, only the scheme, host and port of a service's URL are
                                // used; the path is
                                // the client's.
                                r.target().getScheme() + "://" + r.target().getRawAuthority(),
                                Counter.builder("mnemos.gateway.fast-proxy.requests")
                                        .description(
                                                "Requests the fast proxy served, by route (the rest went through Spring's chain)")
                                        .tag("route", r.id())
                                        .register(meters))));
    }

    /** Whether this request is the fast proxy's to serve (else Spring's chain serves it). */
    public boolean takes(HttpServerRequest request) {
        String uri = request.uri();
        if (uri.isEmpty() || uri.charAt(0) != '/') {
            return false;
        }
        HttpHeaders headers = request.requestHeaders();
        if (headers.contains(HttpHeaderNames.UPGRADE) || !sameOrigin(headers)) {
            return false;
        }
        String path = path(uri);
        if (authentication.isPublic(path)) {
            return false;
        }
        ServiceRoute route = routes.match(method(request), path);
        if (route == null) {
            return false;
        }
        // Reactor Netty calls handle() right after, on this thread: the match is not repeated there.
        LAST_MATCH.set(new Match(request, route, path));
        return true;
    }

    /** Serves a request that {@link #takes} accepted. */
    public Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        long start = System.nanoTime();
        String uri = request.uri();
        HttpMethod method = method(request);
        Match last = LAST_MATCH.get();
        LAST_MATCH.remove();
        if (last == null || last.request() != request) {
            last = new Match(request, routes.match(method, path(uri)), path(uri));
        }
        ServiceRoute route = last.route();
        String path = last.path();
        HttpHeaders in = request.requestHeaders();
        String requestId = RequestLog.requestId(in.get(RequestLog.REQUEST_ID_HEADER));
        response.header(RequestLog.REQUEST_ID_HEADER, requestId);
        Outcome outcome = new Outcome();
        targets.get(route.id()).taken().increment();
        Mono<Void> flow = Mono.defer(() -> {
            ProblemDetail tooLarge = RequestSizeFilter.tooLarge(contentLength(in), maxRequestSize);
            if (tooLarge != null) {
                return problem(response, tooLarge, Map.of(), path, requestId, outcome);
            }
            String authorization = in.get(HttpHeaderNames.AUTHORIZATION);
            return authentication
                    .authenticate(Authentication.presented(authorization, in.get(API_KEY_HEADER)), authorization)
                    .flatMap(id -> {
                        outcome.identity = id;
                        if (limits == null) {
                            return forward(request, response, route, id, requestId, uri, outcome);
                        }
                        return limits.take(id).flatMap(v -> {
                            if (v.rejection() != null) {
                                return problem(response, v.rejection(), v.headers(), path, requestId, outcome);
                            }
                            v.headers().forEach(response::header);
                            return forward(request, response, route, id, requestId, uri, outcome);
                        });
                    });
        });
        return flow.onErrorResume(
                        AuthenticationFailure.class,
                        f -> problem(response, f.toProblem(), Map.of(), path, requestId, outcome))
                .onErrorResume(e -> response.hasSentHeaders()
                        ? Mono.error(e) // mid-body: only closing the connection can tell the client
                        : problem(response, ProblemErrorHandler.toProblem(path, e), Map.of(), path, requestId, outcome))
                .doFinally(signal -> log.record(
                        method.name(),
                        path,
                        signal == SignalType.CANCEL ? 499 : outcome.status,
                        System.nanoTime() - start,
                        route.id(),
                        outcome.identity,
                        requestId,
                        outcome.problem));
    }

    private Mono<Void> forward(
            HttpServerRequest request,
            HttpServerResponse response,
            ServiceRoute route,
            Identity id,
            String requestId,
            String uri,
            Outcome outcome) {
        String token = authentication.tokenFor(id);
        HttpHeaders in = request.requestHeaders();
        boolean hasBody = in.contains(HttpHeaderNames.CONTENT_LENGTH) || in.contains(HttpHeaderNames.TRANSFER_ENCODING);
        return client.request(request.method())
                .uri(targets.get(route.id()).origin() + uri)
                .send((upstream, body) -> {
                    HttpHeaders out = upstream.requestHeaders();
                    String host = out.get(HttpHeaderNames.HOST); // the service's, set by the client
                    out.set(in);
                    HOP_BY_HOP.forEach(out::remove);
                    out.set(HttpHeaderNames.HOST, host);
                    out.remove(API_KEY_HEADER);
                    out.remove(HttpHeaderNames.AUTHORIZATION);
                    // set() replaces any identity header the client sent.
                    out.set(InternalToken.HEADER, token);
                    out.set(RequestLog.REQUEST_ID_HEADER, requestId);
                    forwardedFor(request, out);
                    // Until the response headers arrive (a timer on the connection's event loop; removed below).
                    upstream.responseTimeout(route.timeout());
                    return hasBody ? body.send(request.receive().retain()) : body;
                })
                .responseConnection((upstream, connection) -> {
                    // A stream (SSE) may be quiet for longer than the timeout once it has started.
                    connection.removeHandler(NettyPipeline.ResponseTimeoutHandler);
                    return Mono.just(new Upstream(upstream, connection));
                })
                .next()
                .onErrorMap(ReadTimeoutException.class, e -> new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT))
                .flatMap(up -> relay(response, up, outcome));
    }

    private static Mono<Void> relay(HttpServerResponse response, Upstream up, Outcome outcome) {
        int status = up.response().status().code();
        outcome.status = status;
        response.status(up.response().status());
        HttpHeaders headers = up.response().responseHeaders();
        HttpHeaders out = response.responseHeaders();
        for (String name : headers.names()) {
            out.set(name, headers.getAll(name));
        }
        HOP_BY_HOP.forEach(out::remove);
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            // The body is re-chunked on this connection; without a length or chunking Netty would have to close it.
            out.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
        Mono<Void> body;
        if (status >= 500 && type != null && type.startsWith("application/problem+json")) {
            // Small by nature: read whole, kept for the recent-errors view, then sent as it came.
            body = up.connection()
                    .inbound()
                    .receive()
                    .aggregate()
                    .asByteArray()
                    .defaultIfEmpty(new byte[0])
                    .flatMap(bytes -> {
                        outcome.problem = ProblemText.parse(bytes);
                        return response.sendByteArray(Mono.just(bytes)).then();
                    });
        } else {
            body = response.send(up.connection().inbound().receive().retain()).then();
        }
        // A client that leaves mid-answer (an SSE reader that has what it wanted) leaves the service's answer unread:
        // that connection is closed, not returned to the pool, or the next request sent on it would meet the rest of
        // that answer or the service closing it (502 upstream-closed). Spring Cloud Gateway does the same.
        return body.doOnCancel(up.connection()::dispose)
                .doOnError(e -> up.connection().dispose());
    }

    private static Mono<Void> problem(
            HttpServerResponse response,
            ProblemDetail problem,
            Map<String, String> headers,
            String path,
            String requestId,
            Outcome outcome) {
        Problems.decorate(problem, path, requestId);
        byte[] body = Problems.body(problem);
        outcome.status = problem.getStatus();
        if (problem.getStatus() >= 500) {
            outcome.problem = new ProblemText(problem.getTitle(), problem.getDetail());
        }
        response.status(problem.getStatus());
        response.header(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
        response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
        headers.forEach(response::header);
        String challenge = Problems.challenge(problem);
        if (challenge != null) {
            response.header(HttpHeaderNames.WWW_AUTHENTICATE, challenge);
        }
        return response.sendByteArray(Mono.just(body)).then();
    }

    /** {@code X-Forwarded-*} as Spring Cloud Gateway sets them, so services see the same request either way. */
    private static void forwardedFor(HttpServerRequest request, HttpHeaders out) {
        InetSocketAddress remote = request.remoteAddress();
        if (remote != null) {
            String previous = out.get("X-Forwarded-For");
            String address =
                    remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
            out.set("X-Forwarded-For", previous == null ? address : previous + "," + address);
        }
        out.set("X-Forwarded-Proto", request.scheme());
        String host = request.requestHeaders().get(HttpHeaderNames.HOST);
        if (host != null) {
            out.set("X-Forwarded-Host", host);
        }
    }

    /**
     * Same-origin by the rule browsers use: a request without {@code Origin}, or whose origin is this host. A
     * cross-origin request goes through Spring's CORS processing instead (the {@code CorsFilter}).
     */
    private static boolean sameOrigin(HttpHeaders headers) {
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            return true;
        }
        String host = headers.get(HttpHeaderNames.HOST);
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }

    /** The declared body length, -1 when none (Netty's decoder has already refused a malformed one). */
    private static long contentLength(HttpHeaders headers) {
        String value = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        try {
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String path(String uri) {
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    private static HttpMethod method(HttpServerRequest request) {
        return HttpMethod.valueOf(request.method().name());
    }

    /** Headers that belong to one connection, never forwarded (RFC 9110 §7.6.1), and the client's Host. */
    private static final List<CharSequence> HOP_BY_HOP = List.of(
            HttpHeaderNames.CONNECTION,
            HttpHeaderNames.KEEP_ALIVE,
            HttpHeaderNames.PROXY_AUTHENTICATE,
            HttpHeaderNames.PROXY_AUTHORIZATION,
            HttpHeaderNames.TE,
            HttpHeaderNames.TRAILER,
            HttpHeaderNames.TRANSFER_ENCODING,
            HttpHeaderNames.UPGRADE,
            HttpHeaderNames.HOST);

    private record Upstream(HttpClientResponse response, Connection connection) {}

    private record Match(HttpServerRequest request, ServiceRoute route, String path) {}

    /** Per route: where its service listens ({@code scheme://host:port}), and how many requests were taken. */
    private record Target(String origin, Counter taken) {}

    private static final ThreadLocal<Match> LAST_MATCH = new ThreadLocal<>();

    /** What the access log needs to know once the request is done. */
    private static final class Outcome {
        volatile Identity identity;
        volatile int status = HttpResponseStatus.OK.code();
        volatile ProblemText problem = ProblemText.NONE;
    }
}
