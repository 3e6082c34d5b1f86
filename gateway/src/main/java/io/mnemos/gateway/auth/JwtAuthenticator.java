package io.mnemos.gateway.auth;

import io.mnemos.contracts.identity.Identity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * JWT bearer tokens, verified like an OAuth2 resource server does (Nimbus: signature against the configured JWK set,
 * {@code exp}/{@code nbf} with a clock skew, {@code iss} and {@code aud} when configured), then mapped to an identity
 * through configurable claim names. The JWK set is fetched lazily and cached by Nimbus.
 */
public class JwtAuthenticator implements CredentialAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(JwtAuthenticator.class);
    /** Principal prefix of JWT callers: {@code jwt:<subject>}. */
    public static final String PRINCIPAL_PREFIX = "jwt:";

    private static final Pattern SHAPE = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private final ReactiveJwtDecoder decoder;
    private final AuthProperties.Jwt props;

    public JwtAuthenticator(AuthProperties.Jwt props) {
        this.props = props;
        NimbusReactiveJwtDecoder nimbus = props.jwkSetUri() != null
                ? NimbusReactiveJwtDecoder.withJwkSetUri(props.jwkSetUri().toString())
                        .build()
                : NimbusReactiveJwtDecoder.withIssuerLocation(props.issuerUri()).build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator(props.clockSkew()));
        if (props.issuerUri() != null && !props.issuerUri().isBlank()) {
            validators.add(new JwtIssuerValidator(props.issuerUri()));
        }
        if (props.audience() != null && !props.audience().isBlank()) {
            validators.add(new JwtClaimValidator<Collection<String>>(
                    "aud", aud -> aud != null && aud.contains(props.audience())));
        }
        nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        this.decoder = nimbus;
    }

    /** Whether a credential looks like a compact JWS (three base64url parts, a JSON header): not an API key. */
    public static boolean looksLikeJwt(String credential) {
        return credential != null
                && credential.length() <= 16_384
                && SHAPE.matcher(credential).matches();
    }

    @Override
    public Mono<Identity> authenticate(String token) {
        return decoder.decode(token)
                .onErrorMap(JwtException.class, JwtAuthenticator::failure)
                .flatMap(jwt -> {
                    try {
                        return Mono.just(toIdentity(jwt));
                    } catch (AuthenticationFailure f) {
                        return Mono.error(f);
                    }
                });
    }

    Identity toIdentity(Jwt jwt) {
        Object tenant = jwt.getClaims().get(props.tenantClaim());
        if (!(tenant instanceof String t) || t.isBlank()) {
            throw invalid("The token has no '" + props.tenantClaim() + "' claim naming the tenant.");
        }
        if (!Identity.TENANT_PATTERN.matcher(t).matches()) {
            throw invalid("The token's '" + props.tenantClaim() + "' claim is not a tenant id (lower-case letters,"
                    + " digits and dashes, at most 63 characters).");
        }
        Object principal = jwt.getClaims().get(props.principalClaim());
        if (!(principal instanceof String p) || p.isBlank()) {
            throw invalid("The token has no '" + props.principalClaim() + "' claim naming the caller.");
        }
        try {
            return new Identity(
                    t, abbreviate(PRINCIPAL_PREFIX + p), scopes(jwt.getClaims().get(props.scopeClaim())));
        } catch (IllegalArgumentException e) {
            throw invalid("The token's claims do not form a valid identity: " + e.getMessage());
        }
    }

    private static Set<String> scopes(Object claim) {
        if (claim instanceof String s) {
            return Set.of(s.trim().split("\\s+")).stream()
                    .filter(x -> !x.isEmpty())
                    .collect(Collectors.toCollection(LinkedHashSet::new));
        }
        if (claim instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).collect(Collectors.toCollection(LinkedHashSet::new));
        }
        return Set.of();
    }

    private static Throwable failure(JwtException e) {
        if (e instanceof JwtValidationException v) {
            String described = v.getErrors().stream()
                    .map(OAuth2Error::getDescription)
                    .filter(d -> d != null && !d.isBlank())
                    .collect(Collectors.joining("; "));
            if (described.toLowerCase().contains("expired")) {
                return AuthenticationFailure.unauthorized(
                        "expired-credentials", "Expired credentials", "The JWT has expired: " + described + ".");
            }
            return invalid("The JWT was rejected: " + (described.isEmpty() ? "validation failed" : described) + ".");
        }
        if (e instanceof BadJwtException) {
            // Signature, format or algorithm problems: say so without echoing the token.
            return invalid("The JWT could not be verified (bad signature, unknown key or malformed token).");
        }
        log.warn("JWT verification failed for a reason other than the token: {}", e.getMessage());
        return new AuthenticationFailure(
                HttpStatus.SERVICE_UNAVAILABLE,
                "identity-provider-unavailable",
                "Identity provider unavailable",
                "The gateway cannot fetch the keys to verify JWTs right now; retry shortly or use an API key.");
    }

    private static AuthenticationFailure invalid(String detail) {
        return AuthenticationFailure.unauthorized("invalid-token", "Invalid token", detail);
    }

    private static String abbreviate(String s) {
        return s.length() <= Identity.MAX_PRINCIPAL_LENGTH ? s : s.substring(0, Identity.MAX_PRINCIPAL_LENGTH);
    }
}
