package io.mnemos.gateway.cors;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Cross-origin access for browser apps served from other origins. Empty {@code allowed-origins} (the default) means no
 * CORS headers: browsers then allow only same-origin pages (such as the console the gateway serves itself).
 *
 * @param allowedOrigins origins or origin patterns (e.g. {@code https://*.example.com}) allowed to call the API
 * @param allowedMethods HTTP methods allowed cross-origin
 * @param allowedHeaders request headers a cross-origin page may send
 * @param exposedHeaders response headers a cross-origin page may read
 * @param maxAge         how long browsers may cache a preflight answer
 */
@Validated
@ConfigurationProperties("mnemos.gateway.cors")
public record CorsProperties(
        @NotNull @DefaultValue({}) List<String> allowedOrigins,
        @NotNull @DefaultValue({"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) List<String> allowedMethods,
        @NotNull
                @DefaultValue({
                    "Authorization",
                    "X-API-Key",
                    "Content-Type",
                    "Accept",
                    "X-Request-Id",
                    "traceparent",
                    "Last-Event-ID"
                })
                List<String> allowedHeaders,
        @NotNull
                @DefaultValue({"X-Request-Id", "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "Location"})
                List<String> exposedHeaders,
        @NotNull @DefaultValue("30m") Duration maxAge) {}
