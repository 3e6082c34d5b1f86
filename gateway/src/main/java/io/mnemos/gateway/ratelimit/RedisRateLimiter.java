package io.mnemos.gateway.ratelimit;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Token buckets in Redis (Bucket4j's compare-and-swap Lettuce integration), so every gateway instance shares one
 * bucket per key. When Redis does not answer within the timeout, or cannot be reached, the request is decided by an
 * in-process {@link LocalRateLimiter} instead (counted in {@code mnemos.gateway.ratelimit.fallbacks}): an outage of
 * Redis must not take the gateway down with it.
 */
public class RedisRateLimiter implements RateLimiter, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);
    private static final Duration RECONNECT_INTERVAL = Duration.ofSeconds(5);

    private final RedisClient client;
    private final String where;
    private final String prefix;
    private final Duration timeout;
    private final LocalRateLimiter fallback = new LocalRateLimiter();
    private final Counter fallbacks;
    private final AtomicLong lastConnectAttempt = new AtomicLong();
    private volatile StatefulRedisConnection<byte[], byte[]> connection;
    private volatile AsyncProxyManager<byte[]> buckets;

    public RedisRateLimiter(String redisUrl, String prefix, Duration timeout, MeterRegistry meters) {
        RedisURI uri = RedisURI.create(redisUrl);
        uri.setTimeout(timeout);
        this.client = RedisClient.create(uri);
        this.where = uri.getHost() + ":" + uri.getPort();
        // Fail fast while disconnected instead of queueing commands: the local limiter answers meanwhile.
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        this.prefix = prefix;
        this.timeout = timeout;
        this.fallbacks = meters.counter("mnemos.gateway.ratelimit.fallbacks");
        connect();
    }

    @Override
    public Mono<Decision> tryConsume(String key, RateLimitProperties.Limit limit) {
        AsyncProxyManager<byte[]> manager = buckets != null ? buckets : connect();
        if (manager == null) {
            return fallback(key, limit, null);
        }
        byte[] redisKey =
                (prefix + key + ":" + limit.requestsPerSecond() + ":" + limit.burst()).getBytes(StandardCharsets.UTF_8);
        CompletableFuture<Decision> decision;
        try {
            decision = manager.getProxy(
                            redisKey, () -> CompletableFuture.completedFuture(RateLimiter.configuration(limit)))
                    .tryConsumeAndReturnRemaining(1)
                    .thenApply(LocalRateLimiter::decision);
        } catch (RuntimeException e) {
            return fallback(key, limit, e);
        }
        return Mono.fromFuture(decision).timeout(timeout).onErrorResume(e -> fallback(key, limit, e));
    }

    private Mono<Decision> fallback(String key, RateLimitProperties.Limit limit, Throwable cause) {
        fallbacks.increment();
        if (cause != null && log.isDebugEnabled()) {
            log.debug("Redis rate limiter unavailable, deciding locally: {}", cause.toString());
        }
        return Mono.just(fallback.consume(key, limit));
    }

    /** Connects unless connected; retries at most every few seconds. Returns the manager, or null while down. */
    private synchronized AsyncProxyManager<byte[]> connect() {
        if (buckets != null) {
            return buckets;
        }
        long now = System.nanoTime();
        long last = lastConnectAttempt.get();
        if (last != 0 && now - last < RECONNECT_INTERVAL.toNanos()) {
            return null;
        }
        lastConnectAttempt.set(now);
        try {
            connection = client.connect(ByteArrayCodec.INSTANCE);
            buckets = Bucket4jLettuce.casBasedBuilder(connection)
                    .expirationAfterWrite(
                            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(60)))
                    .build()
                    .asAsync();
            log.info("Rate limits are kept in Redis at {}", where);
            return buckets;
        } catch (RuntimeException e) {
            log.warn("Cannot reach Redis for rate limits ({}); limiting in process until it answers", e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
