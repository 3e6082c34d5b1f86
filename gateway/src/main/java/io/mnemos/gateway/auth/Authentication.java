package io.mnemos.gateway.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.gateway.GatewayProperties;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import reactor.core.publisher.Mono;

/**
 * Who is calling: the credential a request presents becomes an {@link Identity}, or an {@link AuthenticationFailure}
 * that says why not; and the signed identity token forwarded to the services. Shared by the WebFilter chain ({@link
 * AuthenticationFilter}) and the fast proxy, so both accept and refuse exactly the same credentials.
 *
 * <p>A credential shaped like a JWT (three base64url parts, JSON header) goes to the {@link JwtAuthenticator} when
 * JWTs are configured; anything else is an API key.
 */
@Component
public class Authentication {
    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final ApiKeyAuthenticator apiKeys;
    private final JwtAuthenticator jwt;
    private final GatewayProperties props;
    private final IdentityTokens tokens;
    private final MeterRegistry meters;

    public Authentication(
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

    /**
     * The caller's identity; failures are counted by reason ({@code mnemos.gateway.auth.failures}).
     *
     * @param presented     the credential ({@link #presented}), or {@code null} when the request carries none
     * @param authorization the request's {@code Authorization} header, to tell a missing credential from a malformed one
     */
    public Mono<Identity> authenticate(String presented, String authorization) {
        Mono<Identity> identity;
        if (presented == null) {
            identity = Mono.error(noCredential(authorization));
        } else if (JwtAuthenticator.looksLikeJwt(presented)) {
            identity = jwt != null
                    ? jwt.authenticate(presented)
                    : Mono.error(AuthenticationFailure.unauthorized(
                            "unsupported-credentials",
                            "JWTs not accepted",
                            "This gateway is not configured for JWT bearer tokens"
                                    + " (mnemos.gateway.auth.jwt.jwk-set-uri); send an API key instead."));
        } else {
            identity = apiKeys.authenticate(presented);
        }
        return identity.doOnError(AuthenticationFailure.class, this::countFailure);
    }

    /** Counts a refused request by reason: {@code mnemos.gateway.auth.failures}. */
    public void countFailure(AuthenticationFailure f) {
        meters.counter("mnemos.gateway.auth.failures", "reason", f.slug()).increment();
    }

    /** Why no credential was found: none sent, "Bearer" with nothing after it, or another scheme. */
    private static AuthenticationFailure noCredential(String authorization) {
        if (authorization == null) {
            return AuthenticationFailure.unauthorized(
                    "missing-credentials",
                    "Missing credentials",
                    "Send an API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.");
        }
        String detail = isBearer(authorization)
                ? "The Authorization header has no key after 'Bearer ': send 'Authorization: Bearer <key or JWT>'."
                : "The Authorization header must use the Bearer scheme: 'Authorization: Bearer <key or JWT>'.";
        return AuthenticationFailure.unauthorized("malformed-credentials", "Malformed credentials", detail);
    }

    /** The credential from {@code Authorization: Bearer …}, else from {@code X-API-Key}; {@code null} when neither. */
    public static String presented(String authorization, String apiKey) {
        if (isBearer(authorization)) {
            String credential = authorization.substring(6).trim();
            if (!credential.isEmpty()) {
                return credential;
            }
        }
        return apiKey != null ? apiKey.trim() : null;
    }

    /**
     * Whether the header names the Bearer scheme, with or without a credential after it: HTTP servers drop the
     * trailing space of {@code "Bearer "}, so an empty credential arrives as {@code "Bearer"}.
     */
    private static boolean isBearer(String authorization) {
        return authorization != null
                && authorization.regionMatches(true, 0, "Bearer", 0, 6)
                && (authorization.length() == 6 || Character.isWhitespace(authorization.charAt(6)));
    }

    /** The signed identity token to forward to a service ({@link InternalToken#HEADER}). */
    public String tokenFor(Identity id) {
        return tokens.tokenFor(id);
    }

    /** Whether a path needs no credentials ({@code mnemos.gateway.public-paths}). */
    public boolean isPublic(String path) {
        for (String p : props.publicPaths()) {
            if (PATHS.match(p, path)) {
                return true;
            }
        }
        return false;
    }
}
