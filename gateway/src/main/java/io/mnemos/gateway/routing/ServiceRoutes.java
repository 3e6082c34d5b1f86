package io.mnemos.gateway.routing;

import io.mnemos.gateway.GatewayProperties;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which service answers which path: the one table that both Spring Cloud Gateway's routes ({@link Routes}) and the
 * fast proxy are built from. Routes are tried in order and the first match wins, so specific routes come first.
 * WebSocket routes go to the same service with a {@code ws://} URI. The gateway's own API ({@code /v1/admin/**}), the
 * console and the services' OpenAPI documents are not in this table.
 */
@Component
public class ServiceRoutes {
    /**
     * @param id        route id: the metric and log tag, and the key of its timeout ({@link TimeoutProperties})
     * @param order     lower first
     * @param target    the service's base URI ({@code http://…}, or {@code ws://…} for WebSocket routes)
     * @param method    the only method this route takes, or {@code null} for all
     * @param patterns  path patterns (Spring's {@link PathPattern} syntax)
     * @param webSocket whether the route is for WebSocket upgrades
     * @param timeout   how long to wait for the service's response headers (HTTP routes)
     */
    public record ServiceRoute(
            String id,
            int order,
            URI target,
            HttpMethod method,
            List<String> patterns,
            boolean webSocket,
            Duration timeout) {
        private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;

        List<PathPattern> parsed() {
            return patterns.stream().map(PARSER::parse).toList();
        }
    }

    private record Compiled(ServiceRoute route, List<PathPattern> paths) {}

    private final List<ServiceRoute> routes;
    private final List<Compiled> compiled;

    public ServiceRoutes(GatewayProperties props, TimeoutProperties timeouts) {
        GatewayProperties.Services s = props.services();
        this.routes = List.of(
                        // What memory-service stored for a session is read from memory-service itself.
                        http(
                                "memory-session-turns",
                                0,
                                s.memory(),
                                HttpMethod.GET,
                                timeouts,
                                "/v1/sessions/{id}/turns"),
                        ws("orchestrator-session-stream", 1, s.orchestrator(), "/v1/sessions/{id}/stream"),
                        http(
                                "orchestrator",
                                2,
                                s.orchestrator(),
                                null,
                                timeouts,
                                "/v1/sessions",
                                "/v1/sessions/**",
                                "/v1/chat",
                                "/v1/chat/**",
                                "/mcp",
                                "/mcp/**"),
                        http(
                                "memory",
                                3,
                                s.memory(),
                                null,
                                timeouts,
                                "/v1/users/**",
                                "/v1/experience/**",
                                "/v1/actions/**",
                                "/v1/erasures",
                                "/v1/erasures/**"),
                        http(
                                "retrieval",
                                4,
                                s.retrieval(),
                                null,
                                timeouts,
                                "/v1/collections",
                                "/v1/collections/**",
                                "/v1/corpus/**",
                                "/v1/grounding/**"),
                        ws("speech-ws", 5, s.speech(), "/v1/speech/sessions/**"),
                        http("speech", 6, s.speech(), null, timeouts, "/v1/speech/**"),
                        http("vision", 7, s.vision(), null, timeouts, "/v1/images", "/v1/images/**"))
                .stream()
                .sorted(Comparator.comparingInt(ServiceRoute::order))
                .toList();
        this.compiled = routes.stream().map(r -> new Compiled(r, r.parsed())).toList();
    }

    /** Every route, in the order they are tried. */
    public List<ServiceRoute> all() {
        return routes;
    }

    /** The first route that takes this method and path (without the query string), or {@code null}. */
    public ServiceRoute match(HttpMethod method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        for (Compiled c : compiled) {
            if (c.route().method() != null && !c.route().method().equals(method)) {
                continue;
            }
            for (PathPattern p : c.paths()) {
                if (p.matches(container)) {
                    return c.route();
                }
            }
        }
        return null;
    }

    private static ServiceRoute http(
            String id, int order, URI target, HttpMethod method, TimeoutProperties timeouts, String... patterns) {
        return new ServiceRoute(id, order, target, method, List.of(patterns), false, timeouts.forRoute(id));
    }

    private static ServiceRoute ws(String id, int order, URI http, String... patterns) {
        URI target = URI.create(http.toString().replaceFirst("^http", "ws"));
        return new ServiceRoute(id, order, target, null, List.of(patterns), true, null);
    }
}
