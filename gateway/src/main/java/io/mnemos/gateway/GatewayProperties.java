package io.mnemos.gateway;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the gateway.
 *
 * @param services       where each backing service listens
 * @param maxRequestSize largest request body accepted (413 above it)
 * @param identityTtl    lifetime of the signed identity token forwarded to services
 * @param adminKey       bootstrap admin API key for tenant {@code default}; when set it is created on start-up
 *                       (environment variable {@code MNEMOS_ADMIN_KEY})
 * @param publicPaths    paths that need no credentials (health, docs, the console's static files under {@code
 *                       /console/**}, which only the gateway itself serves)
 */
@Validated
@ConfigurationProperties("mnemos.gateway")
public record GatewayProperties(
        @Valid @NotNull Services services,
        @NotNull @DefaultValue("10MB") DataSize maxRequestSize,
        @NotNull @DefaultValue("60s") Duration identityTtl,
        String adminKey,
        @NotNull
                @DefaultValue({
                    "/actuator/health",
                    "/actuator/health/**",
                    "/actuator/info",
                    "/actuator/prometheus",
                    "/v3/api-docs/**",
                    "/swagger-ui.html",
                    "/swagger-ui/**",
                    "/webjars/**",
                    "/console",
                    "/console/**",
                    "/"
                })
                List<String> publicPaths) {

    /** Base URLs of the services behind the gateway. */
    public record Services(
            @NotNull URI orchestrator,
            @NotNull URI memory,
            @NotNull URI retrieval,
            @NotNull URI speech,
            @NotNull URI vision) {}
}
