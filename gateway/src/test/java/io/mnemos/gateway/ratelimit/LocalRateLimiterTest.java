package io.mnemos.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalRateLimiterTest {
    @Test
    void aBucketAllowsItsBurstThenSaysHowLongToWait() {
        var limiter = new LocalRateLimiter();
        var limit = new RateLimitProperties.Limit(2, 3);
        for (int i = 2; i >= 0; i--) {
            var d = limiter.consume("k", limit);
            assertThat(d.allowed()).isTrue();
            assertThat(d.remaining()).isEqualTo(i);
        }
        var denied = limiter.consume("k", limit);
        assertThat(denied.allowed()).isFalse();
        // 2 tokens per second: the next one in at most 500 ms.
        assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(500));
        assertThat(limiter.consume("other", limit).allowed()).isTrue();
    }

    @Test
    void tenantOverridesReplaceTheDefaultLimit() {
        var props = new RateLimitProperties(
                true,
                50,
                100,
                java.util.Map.of("small", new RateLimitProperties.Limit(1, 2)),
                null,
                Duration.ofMillis(500),
                "p:");
        assertThat(props.limitFor("small")).isEqualTo(new RateLimitProperties.Limit(1, 2));
        assertThat(props.limitFor("anyone")).isEqualTo(new RateLimitProperties.Limit(50, 100));
    }
}
