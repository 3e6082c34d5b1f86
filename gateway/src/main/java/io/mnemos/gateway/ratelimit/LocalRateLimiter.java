package io.mnemos.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** Token buckets in this JVM's memory (lock-free Bucket4j buckets); idle buckets are dropped after ten minutes. */
public class LocalRateLimiter implements RateLimiter {
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    @Override
    public Mono<Decision> tryConsume(String key, RateLimitProperties.Limit limit) {
        return Mono.just(consume(key, limit));
    }

    Decision consume(String key, RateLimitProperties.Limit limit) {
        Bucket bucket = buckets.get(key + "|" + limit.requestsPerSecond() + "|" + limit.burst(), k -> Bucket.builder()
                .addLimit(RateLimiter.configuration(limit).getBandwidths()[0])
                .build());
        return decision(bucket.tryConsumeAndReturnRemaining(1));
    }

    static Decision decision(ConsumptionProbe probe) {
        return new Decision(
                probe.isConsumed(),
                probe.getRemainingTokens(),
                probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }
}
