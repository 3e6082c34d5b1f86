package io.mnemos.web.security;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a service authenticates its callers ({@code mnemos.security.*}).
 *
 * @param enabled        whether requests must carry a valid gateway-signed identity. {@code false} is for local
 *                       experiments only: every request then runs as {@link #devIdentity()}, and a WARN says so at
 *                       startup
 * @param internalSecret the secret shared with the gateway (environment variable {@code
 *                       MNEMOS_SECURITY_INTERNAL_SECRET}), at least 32 bytes; required when enabled, the service
 *                       refuses to start without it. Never logged
 * @param exemptPaths    path patterns (Spring {@code PathPattern} syntax) served without an identity: health,
 *                       info, prometheus, API docs, {@code /error}. Setting this replaces the whole list
 * @param clockSkew      how long past its expiry a token is still accepted, for clock differences between the
 *                       gateway and this service
 * @param devIdentity    the identity every request runs as when {@code enabled} is false
 */
@Validated
@ConfigurationProperties("mnemos.security")
public record MnemosSecurityProperties(
        @DefaultValue("true") boolean enabled,
        @Nullable String internalSecret,
        @DefaultValue({
                    "/actuator/health/**",
                    "/actuator/info",
                    "/actuator/prometheus",
                    "/v3/api-docs/**",
                    "/swagger-ui/**",
                    "/swagger-ui.html",
                    "/error"
                })
                @NotNull
                List<@NotBlank String> exemptPaths,
        @DefaultValue("30s") @NotNull Duration clockSkew,
        @DefaultValue @Valid @NotNull DevIdentity devIdentity) {

    /** Name of the secret property. */
    public static final String SECRET_PROPERTY = "mnemos.security.internal-secret";
    /** Environment variable that sets the secret. */
    public static final String SECRET_ENV = "MNEMOS_SECURITY_INTERNAL_SECRET";

    public MnemosSecurityProperties {
        exemptPaths = exemptPaths == null ? List.of() : List.copyOf(exemptPaths);
        if (clockSkew != null && clockSkew.isNegative()) {
            throw new IllegalArgumentException("mnemos.security.clock-skew must not be negative");
        }
    }

    /**
     * The identity bound to every request when security is disabled.
     *
     * @param tenant    tenant of every request
     * @param principal principal of every request
     * @param scopes    scopes of every request ({@code admin}: everything allowed)
     */
    public record DevIdentity(
            @DefaultValue("local") @NotBlank String tenant,
            @DefaultValue("local-developer") @NotBlank String principal,
            @DefaultValue("admin") @NotNull Set<String> scopes) {

        /** As an {@link Identity}. */
        public Identity toIdentity() {
            return new Identity(tenant, principal, scopes);
        }
    }

    /**
     * The secret's bytes (UTF-8), checked.
     *
     * @throws InvalidSecurityConfigurationException if the secret is missing or shorter than 32 bytes
     */
    public byte[] secretBytes() {
        if (internalSecret == null || internalSecret.isBlank()) {
            throw new InvalidSecurityConfigurationException(SECRET_PROPERTY + " is not set. Every Mnemos service"
                    + " verifies the caller identity the gateway signs with this secret, so it cannot start"
                    + " without it.");
        }
        int length = internalSecret.getBytes(StandardCharsets.UTF_8).length;
        if (length < InternalToken.MIN_SECRET_BYTES) {
            throw new InvalidSecurityConfigurationException(SECRET_PROPERTY + " is too short: " + length
                    + " bytes, at least " + InternalToken.MIN_SECRET_BYTES + " are needed.");
        }
        return InternalToken.secret(internalSecret);
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "MnemosSecurityProperties[enabled=" + enabled + ", internalSecret="
                + (internalSecret == null ? "null" : "******") + ", exemptPaths=" + exemptPaths + ", clockSkew="
                + clockSkew + ", devIdentity=" + devIdentity + "]";
    }
}
