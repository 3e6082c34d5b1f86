package io.mnemos.gateway.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The limiter: in Redis when {@code mnemos.gateway.rate-limit.redis-url} is set, else in process. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "mnemos.gateway.rate-limit.enabled", matchIfMissing = true)
class RateLimitConfiguration {
    @Bean
    RateLimiter rateLimiter(RateLimitProperties props, MeterRegistry meters) {
        if (props.redisUrl() != null && !props.redisUrl().isBlank()) {
            return new RedisRateLimiter(props.redisUrl(), props.keyPrefix(), props.redisTimeout(), meters);
        }
        LoggerFactory.getLogger(RateLimitConfiguration.class)
                .info(
                        "Rate limits kept in process ({} requests/s, bursts of {} per key); set"
                                + " mnemos.gateway.rate-limit.redis-url to share them between instances",
                        props.requestsPerSecond(),
                        props.burst());
        return new LocalRateLimiter();
    }

    @Bean
    RateLimits rateLimits(RateLimiter limiter, RateLimitProperties props, MeterRegistry meters) {
        return new RateLimits(limiter, props, meters);
    }

    @Bean
    RateLimitFilter rateLimitFilter(RateLimits limits) {
        return new RateLimitFilter(limits);
    }
}
