package io.mnemos.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Against the real Redis at 127.0.0.1:6379 (skipped, saying so, when none is running there). */
class RedisRateLimiterIT {
    private static final String REDIS = "redis://127.0.0.1:6379";

    @Test
    void twoGatewayInstancesShareOneBucketPerKey() {
        assumeTrue(
                redisRunning(), "Redis is not running on 127.0.0.1:6379: start it with redis-server --daemonize yes");
        String prefix = "mnemos:it:" + UUID.randomUUID() + ":";
        var limit = new RateLimitProperties.Limit(1, 5);
        try (var a = new RedisRateLimiter(REDIS, prefix, Duration.ofSeconds(2), new SimpleMeterRegistry());
                var b = new RedisRateLimiter(REDIS, prefix, Duration.ofSeconds(2), new SimpleMeterRegistry())) {
            List<RateLimiter.Decision> decisions = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                decisions.add((i % 2 == 0 ? a : b).tryConsume("t/key:1", limit).block());
            }
            // 5 tokens in the shared bucket (plus at most one refilled while the loop ran).
            long allowed =
                    decisions.stream().filter(RateLimiter.Decision::allowed).count();
            assertThat(allowed).isBetween(5L, 6L);
            RateLimiter.Decision denied = decisions.getLast();
            assertThat(denied.allowed()).isFalse();
            assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
            // Another key has its own full bucket.
            assertThat(a.tryConsume("t/key:2", limit).block().remaining()).isEqualTo(4);
        }
    }

    @Test
    void withoutRedisTheLimiterDecidesInProcessInsteadOfFailing() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        var meters = new SimpleMeterRegistry();
        try (var limiter = new RedisRateLimiter("redis://127.0.0.1:" + closed, "p:", Duration.ofMillis(300), meters)) {
            var limit = new RateLimitProperties.Limit(1, 2);
            assertThat(limiter.tryConsume("k", limit).block().allowed()).isTrue();
            assertThat(limiter.tryConsume("k", limit).block().allowed()).isTrue();
            assertThat(limiter.tryConsume("k", limit).block().allowed()).isFalse();
            assertThat(meters.counter("mnemos.gateway.ratelimit.fallbacks").count())
                    .isEqualTo(3);
        }
    }

    private static boolean redisRunning() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
