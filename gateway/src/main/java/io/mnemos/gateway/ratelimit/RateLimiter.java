package io.mnemos.gateway.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Takes one token from a caller's bucket.
 *
 * <p>Implementations create the bucket (full) on first use and may forget idle buckets (a forgotten bucket is full
 * again). The returned {@code Mono} never fails because of the limiter's own storage: an implementation that keeps
 * buckets elsewhere decides locally when that storage does not answer.
 */
public interface RateLimiter {
    /**
     * @param key   whose bucket, e.g. {@code tenant/key:<uuid>}
     * @param limit the bucket's shape (used when the bucket is created)
     */
    Mono<Decision> tryConsume(String key, RateLimitProperties.Limit limit);

    /**
     * @param allowed    whether a token was taken
     * @param remaining  tokens left after this request
     * @param retryAfter when denied, how long until a token is available
     */
    record Decision(boolean allowed, long remaining, Duration retryAfter) {}

    /** The Bucket4j configuration of a limit. */
    static BucketConfiguration configuration(RateLimitProperties.Limit limit) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.burst())
                        .refillGreedy(limit.requestsPerSecond(), Duration.ofSeconds(1))
                        .build())
                .build();
    }
}
