package io.mnemos.gateway.auth;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.gateway.GatewayProperties;
import io.mnemos.gateway.problem.Problems;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Authenticates every request that is not public (API key as {@code Authorization: Bearer} or {@code X-API-Key}),
 * strips any identity header the client sent, and forwards a freshly signed identity to the services.
 */
@Component
public class AuthenticationFilter implements WebFilter, Ordered {
    public static final String IDENTITY_ATTRIBUTE = "mnemos.identity";
    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final ApiKeyStore keys;
    private final GatewayProperties props;
    private final byte[] secret;

    public AuthenticationFilter(ApiKeyStore keys, GatewayProperties props, InternalSecretProperties secret) {
        this.keys = keys;
        this.props = props;
        this.secret = InternalToken.secret(secret.internalSecret());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().value();
        // Never let a client-supplied identity through, public path or not.
        ServerHttpRequest stripped =
                request.mutate().headers(h -> h.remove(InternalToken.HEADER)).build();
        if (isPublic(path)) {
            return chain.filter(exchange.mutate().request(stripped).build());
        }
        Optional<String> presented = presentedKey(request);
        if (presented.isEmpty()) {
            return unauthorized(
                    exchange,
                    "missing-credentials",
                    "Missing credentials",
                    "Send an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.");
        }
        String key = presented.get();
        if (!ApiKeys.plausible(key)) {
            return unauthorized(
                    exchange,
                    "malformed-credentials",
                    "Malformed credentials",
                    "The API key is not in a valid format (16 to 256 characters, no spaces).");
        }
        return Mono.fromCallable(() -> keys.findByHash(ApiKeys.hash(key)))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        return unauthorized(
                                exchange,
                                "invalid-credentials",
                                "Invalid credentials",
                                "This API key is not known. Check it, or ask an admin for a new one.");
                    }
                    ApiKeyRecord rec = found.get();
                    if (rec.revoked()) {
                        return unauthorized(
                                exchange,
                                "revoked-credentials",
                                "Revoked credentials",
                                "This API key was revoked at " + rec.revokedAt() + ". Ask an admin for a new one.");
                    }
                    Identity identity = new Identity(rec.tenant(), "key:" + rec.keyId(), rec.scopes());
                    String token =
                            InternalToken.sign(identity, secret, Instant.now().plus(props.identityTtl()));
                    ServerHttpRequest signed = stripped.mutate()
                            .headers(h -> {
                                h.set(InternalToken.HEADER, token);
                                h.remove("X-API-Key");
                                h.remove(HttpHeaders.AUTHORIZATION);
                            })
                            .build();
                    ServerWebExchange next = exchange.mutate().request(signed).build();
                    next.getAttributes().put(IDENTITY_ATTRIBUTE, identity);
                    return chain.filter(next);
                });
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
            return Optional.ofNullable(request.getQueryParams().getFirst("api_key"));
        }
        return Optional.empty();
    }

    private static Mono<Void> unauthorized(ServerWebExchange exchange, String slug, String title, String detail) {
        return Problems.write(exchange, Problems.of(HttpStatus.UNAUTHORIZED, slug, title, detail), Map.of());
    }
}
