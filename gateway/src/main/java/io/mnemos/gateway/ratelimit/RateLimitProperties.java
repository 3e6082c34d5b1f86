package io.mnemos.gateway.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-key rate limits (token buckets): each authenticated caller (API key, or JWT subject) has a bucket of {@code
 * burst} tokens refilled at {@code requests-per-second}; a request takes one, and without one it is answered 429.
 *
 * @param enabled           whether requests are limited at all
 * @param requestsPerSecond sustained rate per key
 * @param burst             bucket capacity: how many requests a key may make at once after being idle
 * @param tenants           overrides of rate and burst for all keys of a tenant, by tenant id
 * @param redisUrl          Redis to keep the buckets in, shared by every gateway instance (e.g. {@code
 *                          redis://127.0.0.1:6379}); without it each instance limits in its own memory
 * @param redisTimeout      how long to wait for Redis before deciding with the in-process limiter instead
 * @param keyPrefix         prefix of the bucket keys in Redis
 */
@Validated
@ConfigurationProperties("mnemos.gateway.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @Min(1) @DefaultValue("50") long requestsPerSecond,
        @Min(1) @DefaultValue("100") long burst,
        @NotNull @DefaultValue Map<String, @Valid Limit> tenants,
        String redisUrl,
        @NotNull @DefaultValue("500ms") Duration redisTimeout,
        @NotBlank @DefaultValue("mnemos:ratelimit:") String keyPrefix) {

    /** A token bucket: {@code burst} capacity refilled greedily at {@code requestsPerSecond}. */
    public record Limit(@Min(1) long requestsPerSecond, @Min(1) long burst) {}

    /** The limit for keys of a tenant. */
    public Limit limitFor(String tenant) {
        Limit override = tenants.get(tenant);
        return override != null ? override : new Limit(requestsPerSecond, burst);
    }
}
