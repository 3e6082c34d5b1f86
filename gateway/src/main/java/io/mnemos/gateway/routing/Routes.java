package io.mnemos.gateway.routing;

import io.mnemos.gateway.GatewayProperties;
import io.mnemos.gateway.openapi.ServiceDocs;
import java.net.URI;
import java.util.function.Function;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.PredicateSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.route.builder.UriSpec;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import reactor.core.publisher.Mono;

/**
 * Which service answers which path. Order matters: the first matching route wins, so specific routes come first.
 * WebSocket paths are routed with a {@code ws://} URI of the same service. Each HTTP route carries its response
 * timeout ({@link TimeoutProperties}) as route metadata. The gateway's own API ({@code
 * /v1/admin/**}) and the console ({@code /console/**}) are served locally, not routed.
 */
@Configuration
class Routes {
    @Bean
    RouteLocator mnemosRoutes(RouteLocatorBuilder builder, GatewayProperties props, TimeoutProperties timeouts) {
        GatewayProperties.Services s = props.services();
        RouteLocatorBuilder.Builder routes = builder.routes();
        // What memory-service stored for a session is read from memory-service itself.
        http(routes, timeouts, "memory-session-turns", 0, s.memory(), r -> r.method(HttpMethod.GET)
                .and()
                .path("/v1/sessions/{id}/turns"));
        routes.route(
                "orchestrator-session-stream",
                r -> r.order(1).path("/v1/sessions/{id}/stream").uri(ws(s.orchestrator())));
        http(
                routes,
                timeouts,
                "orchestrator",
                2,
                s.orchestrator(),
                r -> r.path("/v1/sessions", "/v1/sessions/**", "/v1/chat", "/v1/chat/**", "/mcp", "/mcp/**"));
        http(
                routes,
                timeouts,
                "memory",
                3,
                s.memory(),
                r -> r.path("/v1/users/**", "/v1/experience/**", "/v1/actions/**", "/v1/erasures", "/v1/erasures/**"));
        http(
                routes,
                timeouts,
                "retrieval",
                4,
                s.retrieval(),
                r -> r.path("/v1/collections", "/v1/collections/**", "/v1/corpus/**", "/v1/grounding/**"));
        routes.route("speech-ws", r -> r.order(5).path("/v1/speech/sessions/**").uri(ws(s.speech())));
        http(routes, timeouts, "speech", 6, s.speech(), r -> r.path("/v1/speech/**"));
        http(routes, timeouts, "vision", 7, s.vision(), r -> r.path("/v1/images", "/v1/images/**"));
        // Each service's OpenAPI document, for the aggregated Swagger UI, rewritten for callers of the gateway.
        docs(routes, timeouts, "orchestrator", s.orchestrator());
        docs(routes, timeouts, "memory", s.memory());
        docs(routes, timeouts, "retrieval", s.retrieval());
        docs(routes, timeouts, "speech", s.speech());
        docs(routes, timeouts, "vision", s.vision());
        return routes.build();
    }

    private static void http(
            RouteLocatorBuilder.Builder routes,
            TimeoutProperties timeouts,
            String id,
            int order,
            URI target,
            Function<PredicateSpec, UriSpec> predicates) {
        routes.route(id, r -> predicates
                .apply(r.order(order))
                // Response timeout only: connect-timeout metadata would make Spring Cloud Gateway derive an HTTP
                // client per request; the connect timeout is global (httpclient.connect-timeout).
                .metadata(
                        RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR,
                        timeouts.forRoute(id).toMillis())
                .uri(target));
    }

    private static void docs(RouteLocatorBuilder.Builder routes, TimeoutProperties timeouts, String name, URI target) {
        http(routes, timeouts, "docs-" + name, 10, target, r -> r.path("/v3/api-docs/" + name)
                .filters(f -> f.setPath("/v3/api-docs")
                        .modifyResponseBody(
                                String.class,
                                String.class,
                                (exchange, body) -> Mono.justOrEmpty(ServiceDocs.forGateway(body, name)))));
    }

    private static URI ws(URI http) {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }
}
