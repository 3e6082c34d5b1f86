package io.mnemos.gateway.auth;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.gateway.problem.Problems;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Authenticates every request that is not public, strips any identity header the client sent, and forwards a
 * freshly signed identity to the services (through Spring Cloud Gateway's routes; the {@code FastProxy} does the same
 * with the same {@link Authentication} for the requests it takes).
 *
 * <p>Credentials come as {@code Authorization: Bearer} or {@code X-API-Key} (on WebSocket upgrades also as the query
 * parameter {@code api_key}). Failures are 401 problems whose type says which (missing, malformed, invalid, revoked,
 * expired, invalid-token); the gateway's own admin API ({@code /v1/admin/**}) additionally needs the {@code admin}
 * scope (403).
 */
@Component
public class AuthenticationFilter implements WebFilter, Ordered {
    public static final String IDENTITY_ATTRIBUTE = "mnemos.identity";
    public static final String ADMIN_PATH_PREFIX = "/v1/admin/";
    /** Query parameter carrying the key on browser WebSocket upgrades. */
    static final String API_KEY_PARAM = "api_key";

    private final Authentication authentication;

    public AuthenticationFilter(Authentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (authentication.isPublic(path)) {
            // Never let a client-supplied identity through, public path or not.
            ServerHttpRequest stripped = request.mutate()
                    .headers(h -> h.remove(InternalToken.HEADER))
                    .build();
            return chain.filter(exchange.mutate().request(stripped).build());
        }
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        return authentication
                .authenticate(presentedKey(request).orElse(null), authorization)
                .flatMap(id -> proceed(exchange, request, chain, path, id))
                .onErrorResume(AuthenticationFailure.class, f -> Problems.write(exchange, f.toProblem(), Map.of()));
    }

    private Mono<Void> proceed(
            ServerWebExchange exchange, ServerHttpRequest request, WebFilterChain chain, String path, Identity id) {
        exchange.getAttributes().put(IDENTITY_ATTRIBUTE, id);
        if (path.startsWith(ADMIN_PATH_PREFIX) && !id.hasScope(Identity.ADMIN_SCOPE)) {
            AuthenticationFailure f = new AuthenticationFailure(
                    HttpStatus.FORBIDDEN,
                    "insufficient-scope",
                    "Insufficient scope",
                    "The admin API needs a key with the 'admin' scope.");
            authentication.countFailure(f);
            return Problems.write(exchange, f.toProblem(), Map.of());
        }
        String token = authentication.tokenFor(id);
        // One mutation: set() replaces any identity header the client sent.
        ServerHttpRequest.Builder signed = request.mutate().headers(h -> {
            h.set(InternalToken.HEADER, token);
            h.remove("X-API-Key");
            h.remove(HttpHeaders.AUTHORIZATION);
        });
        if (request.getQueryParams().containsKey(API_KEY_PARAM)) {
            // A WebSocket key in the query must not travel on to the service (or into its logs).
            signed.uri(UriComponentsBuilder.fromUri(request.getURI())
                    .replaceQueryParam(API_KEY_PARAM)
                    .build(true)
                    .toUri());
        }
        return chain.filter(exchange.mutate().request(signed.build()).build());
    }

    static Optional<String> presentedKey(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        String presented =
                Authentication.presented(headers.getFirst(HttpHeaders.AUTHORIZATION), headers.getFirst("X-API-Key"));
        if (presented != null) {
            return Optional.of(presented);
        }
        // Browsers cannot set headers on WebSocket upgrades; accept the key as a query parameter there only.
        if ("websocket".equalsIgnoreCase(headers.getUpgrade())) {
            return Optional.ofNullable(request.getQueryParams().getFirst(API_KEY_PARAM));
        }
        return Optional.empty();
    }
}
