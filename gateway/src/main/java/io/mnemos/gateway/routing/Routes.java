package io.mnemos.gateway.routing;

import io.mnemos.gateway.GatewayProperties;
import java.net.URI;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Which service answers which path. Order matters: the first matching route wins, so specific routes come first.
 * WebSocket paths are routed with a {@code ws://} URI of the same service.
 */
@Configuration
class Routes {
    @Bean
    RouteLocator mnemosRoutes(RouteLocatorBuilder builder, GatewayProperties props) {
        GatewayProperties.Services s = props.services();
        return builder.routes()
                // What memory-service stored for a session is read from memory-service itself.
                .route("memory-session-turns", r -> r.order(0)
                        .method(HttpMethod.GET)
                        .and()
                        .path("/v1/sessions/{id}/turns")
                        .uri(s.memory()))
                .route(
                        "orchestrator-session-stream",
                        r -> r.order(1).path("/v1/sessions/{id}/stream").uri(ws(s.orchestrator())))
                .route("orchestrator", r -> r.order(2)
                        .path("/v1/sessions", "/v1/sessions/**", "/v1/chat/**", "/mcp/**")
                        .uri(s.orchestrator()))
                .route("memory", r -> r.order(3)
                        .path("/v1/users/**", "/v1/experience/**", "/v1/actions/**")
                        .uri(s.memory()))
                .route("retrieval", r -> r.order(4)
                        .path("/v1/collections", "/v1/collections/**", "/v1/corpus/**", "/v1/grounding/**")
                        .uri(s.retrieval()))
                .route(
                        "speech-ws",
                        r -> r.order(5).path("/v1/speech/sessions/**").uri(ws(s.speech())))
                .route("speech", r -> r.order(6).path("/v1/speech/**").uri(s.speech()))
                .route(
                        "vision",
                        r -> r.order(7).path("/v1/images", "/v1/images/**").uri(s.vision()))
                // Each service's OpenAPI document, for the aggregated Swagger UI.
                .route("docs-orchestrator", r -> docs(r, "orchestrator", s.orchestrator()))
                .route("docs-memory", r -> docs(r, "memory", s.memory()))
                .route("docs-retrieval", r -> docs(r, "retrieval", s.retrieval()))
                .route("docs-speech", r -> docs(r, "speech", s.speech()))
                .route("docs-vision", r -> docs(r, "vision", s.vision()))
                .build();
    }

    private static org.springframework.cloud.gateway.route.builder.Buildable<
                    org.springframework.cloud.gateway.route.Route>
            docs(org.springframework.cloud.gateway.route.builder.PredicateSpec r, String name, URI target) {
        return r.order(10)
                .path("/v3/api-docs/" + name)
                .filters(f -> f.setPath("/v3/api-docs"))
                .uri(target);
    }

    private static URI ws(URI http) {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }
}
