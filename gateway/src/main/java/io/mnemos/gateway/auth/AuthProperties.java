package io.mnemos.gateway.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How callers authenticate at the gateway.
 *
 * @param adminTenant the platform tenant: its {@code admin} keys manage every tenant; {@code admin} keys of other
 *                    tenants manage only their own tenant's keys
 * @param scopes      scopes a key may be created with (400 for others)
 * @param keyCacheTtl how long a looked-up key is cached; revocations on this instance evict at once, other
 *                    instances see them within this time
 * @param jwt         JWT bearer tokens (off unless {@code jwk-set-uri} or {@code issuer-uri} is set)
 */
@Validated
@ConfigurationProperties("mnemos.gateway.auth")
public record AuthProperties(
        @NotBlank @DefaultValue("default") String adminTenant,
        @NotEmpty
                @DefaultValue({
                    "memory:read",
                    "memory:write",
                    "memory:erase",
                    "documents:read",
                    "documents:write",
                    "speech",
                    "vision:read",
                    "vision:write",
                    "admin"
                })
                List<String> scopes,
        @NotNull @DefaultValue("5s") Duration keyCacheTtl,
        @Valid @NotNull @DefaultValue Jwt jwt) {

    /**
     * JWT bearer tokens, verified against a JWK set (OAuth2 resource server style).
     *
     * @param jwkSetUri      where the signing keys are published; enables JWTs
     * @param issuerUri      required {@code iss}; alone (without {@code jwk-set-uri}) the keys are discovered from
     *                       its OpenID configuration
     * @param audience       required {@code aud} entry, if set
     * @param tenantClaim    claim holding the tenant id
     * @param scopeClaim     claim holding the scopes (space-separated string or array)
     * @param principalClaim claim naming the caller within the tenant
     * @param clockSkew      tolerance for {@code exp} and {@code nbf}
     */
    public record Jwt(
            URI jwkSetUri,
            String issuerUri,
            String audience,
            @NotBlank @DefaultValue("tenant") String tenantClaim,
            @NotBlank @DefaultValue("scope") String scopeClaim,
            @NotBlank @DefaultValue("sub") String principalClaim,
            @NotNull @DefaultValue("30s") Duration clockSkew) {
        public boolean enabled() {
            return jwkSetUri != null || (issuerUri != null && !issuerUri.isBlank());
        }
    }
}
