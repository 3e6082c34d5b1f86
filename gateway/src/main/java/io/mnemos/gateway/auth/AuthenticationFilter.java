package io.mnemos.gateway.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.gateway.GatewayProperties;
import io.mnemos.gateway.problem.Problems;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Authenticates every request that is not public, strips any identity header the client sent, and forwards a
 * freshly signed identity to the services.
 *
 * <p>Credentials come as {@code Authorization: Bearer} or {@code X-API-Key}. A credential shaped like a JWT (three
 * base64url parts, JSON header) goes to the {@link JwtAuthenticator} when JWTs are configured; anything else is an API
 * key. Failures are 401 problems whose type says which (missing, malformed, invalid, revoked, expired, invalid-token);
 * the gateway's own admin API ({@code /v1/admin/**}) additionally needs the {@code admin} scope (403).
 */
@Component
public class AuthenticationFilter implements WebFilter, Ordered {
    public static final String IDENTITY_ATTRIBUTE = "mnemos.identity";
    public static final String ADMIN_PATH_PREFIX = "/v1/admin/";
    /** Query parameter carrying the key on browser WebSocket upgrades. */
    static final String API_KEY_PARAM = "api_key";

    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final ApiKeyAuthenticator apiKeys;
    private final JwtAuthenticator jwt;
    private final GatewayProperties props;
    private final IdentityTokens tokens;
    private final MeterRegistry meters;

    public AuthenticationFilter(
            ApiKeyAuthenticator apiKeys,
            ObjectProvider<JwtAuthenticator> jwt,
            GatewayProperties props,
            InternalSecretProperties secret,
            Clock clock,
            MeterRegistry meters) {
        this.apiKeys = apiKeys;
        this.jwt = jwt.getIfAvailable();
        this.props = props;
        this.tokens = new IdentityTokens(InternalToken.secret(secret.internalSecret()), props.identityTtl(), clock);
        this.meters = meters;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (isPublic(path)) {
            // Never let a client-supplied identity through, public path or not.
            ServerHttpRequest stripped = request.mutate()
                    .headers(h -> h.remove(InternalToken.HEADER))
                    .build();
            return chain.filter(exchange.mutate().request(stripped).build());
        }
        Optional<String> presented = presentedKey(request);
        Mono<Identity> identity;
        if (presented.isEmpty()) {
            String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
            identity = Mono.error(
                    authorization != null
                            ? AuthenticationFailure.unauthorized(
                                    "malformed-credentials",
                                    "Malformed credentials",
                                    "The Authorization header must use the Bearer scheme: 'Authorization: Bearer"
                                            + " <key or JWT>'.")
                            : AuthenticationFailure.unauthorized(
                                    "missing-credentials",
                                    "Missing credentials",
                                    "Send an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'."));
        } else if (JwtAuthenticator.looksLikeJwt(presented.get())) {
            identity = jwt != null
                    ? jwt.authenticate(presented.get())
                    : Mono.error(AuthenticationFailure.unauthorized(
                            "unsupported-credentials",
                            "JWTs not accepted",
                            "This gateway is not configured for JWT bearer tokens"
                                    + " (mnemos.gateway.auth.jwt.jwk-set-uri); send an API key instead."));
        } else {
            identity = apiKeys.authenticate(presented.get());
        }
        return identity.flatMap(id -> proceed(exchange, request, chain, path, id))
                .onErrorResume(AuthenticationFailure.class, f -> {
                    meters.counter("mnemos.gateway.auth.failures", "reason", f.slug())
                            .increment();
                    return Problems.write(
                            exchange, Problems.of(f.status(), f.slug(), f.title(), f.getMessage()), Map.of());
                });
    }

    private Mono<Void> proceed(
            ServerWebExchange exchange, ServerHttpRequest request, WebFilterChain chain, String path, Identity id) {
        exchange.getAttributes().put(IDENTITY_ATTRIBUTE, id);
        if (path.startsWith(ADMIN_PATH_PREFIX) && !id.hasScope(Identity.ADMIN_SCOPE)) {
            meters.counter("mnemos.gateway.auth.failures", "reason", "insufficient-scope")
                    .increment();
            return Problems.write(
                    exchange,
                    Problems.of(
                            HttpStatus.FORBIDDEN,
                            "insufficient-scope",
                            "Insufficient scope",
                            "The admin API needs a key with the 'admin' scope."),
                    Map.of());
        }
        String token = tokens.tokenFor(id);
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

    private boolean isPublic(String path) {
        for (String p : props.publicPaths()) {
            if (PATHS.match(p, path)) {
                return true;
            }
        }
        return false;
    }

    static Optional<String> presentedKey(ServerHttpRequest request) {
        String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(header.substring(7).trim());
        }
        List<String> apiKey = request.getHeaders().get("X-API-Key");
        if (apiKey != null && !apiKey.isEmpty()) {
            return Optional.of(apiKey.getFirst().trim());
        }
        // Browsers cannot set headers on WebSocket upgrades; accept the key as a query parameter there only.
        if ("websocket".equalsIgnoreCase(request.getHeaders().getUpgrade())) {
            return Optional.ofNullable(request.getQueryParams().getFirst(API_KEY_PARAM));
        }
        return Optional.empty();
    }
}
