package io.mnemos.gateway.routing;

import io.mnemos.gateway.GatewayProperties;
import io.mnemos.gateway.openapi.ServiceDocs;
import java.net.URI;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * Spring Cloud Gateway's routes: every {@link ServiceRoutes} entry, plus each service's OpenAPI document rewritten for
 * callers of the gateway. Plain HTTP requests to the services are mostly taken earlier by the fast proxy
 * ({@code io.mnemos.gateway.proxy}); these routes serve what it leaves (WebSocket upgrades, cross-origin requests, or
 * all of it when {@code mnemos.gateway.fast-proxy.enabled=false}). Each HTTP route carries its response timeout as
 * route metadata.
 */
@Configuration
class Routes {
    @Bean
    RouteLocator mnemosRoutes(
            RouteLocatorBuilder builder, ServiceRoutes table, GatewayProperties props, TimeoutProperties timeouts) {
        RouteLocatorBuilder.Builder routes = builder.routes();
        for (ServiceRoutes.ServiceRoute route : table.all()) {
            routes.route(route.id(), r -> {
                var predicates = r.order(route.order());
                var path = route.method() != null
                        ? predicates
                                .method(route.method())
                                .and()
                                .path(route.patterns().toArray(String[]::new))
                        : predicates.path(route.patterns().toArray(String[]::new));
                if (route.webSocket()) {
                    return path.uri(route.target());
                }
                // Response timeout only: connect-timeout metadata would make Spring Cloud Gateway derive an HTTP
                // client per request; the connect timeout is global (httpclient.connect-timeout).
                return path.metadata(
                                RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR,
                                route.timeout().toMillis())
                        .uri(route.target());
            });
        }
        GatewayProperties.Services s = props.services();
        docs(routes, timeouts, "orchestrator", s.orchestrator());
        docs(routes, timeouts, "memory", s.memory());
        docs(routes, timeouts, "retrieval", s.retrieval());
        docs(routes, timeouts, "speech", s.speech());
        docs(routes, timeouts, "vision", s.vision());
        return routes.build();
    }

    private static void docs(RouteLocatorBuilder.Builder routes, TimeoutProperties timeouts, String name, URI target) {
        String id = "docs-" + name;
        routes.route(id, r -> r.order(10)
                .path("/v3/api-docs/" + name)
                .filters(f -> f.setPath("/v3/api-docs")
                        .modifyResponseBody(
                                String.class,
                                String.class,
                                (exchange, body) -> Mono.justOrEmpty(ServiceDocs.forGateway(body, name))))
                .metadata(
                        RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR,
                        timeouts.forRoute(id).toMillis())
                .uri(target));
    }
}
