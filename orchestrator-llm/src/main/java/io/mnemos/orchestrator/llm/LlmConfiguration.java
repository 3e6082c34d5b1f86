package io.mnemos.orchestrator.llm;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link LlmClient} bean for {@code mnemos.llm.provider}, and its health component {@code llm}.
 *
 * <p>Creating the client is cheap for every provider: network clients and the jlama model are created on the first
 * call, so the service starts as fast with an LLM as without. Health is UP even when the breaker is open (the
 * orchestrator still answers, extractively); the details say whether the LLM is used and why not.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LlmProperties.class)
public class LlmConfiguration {

    /** Closed at shutdown through its inferred {@code close()} (threads, loaded model). */
    @Bean
    LlmClient llmClient(LlmProperties props, ObjectProvider<MeterRegistry> registry) {
        return LlmClients.create(props, registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    HealthIndicator llmHealthIndicator(LlmClient client) {
        return () -> {
            LlmStatus s = client.status();
            Health.Builder b = Health.up()
                    .withDetail("provider", s.provider().id())
                    .withDetail("model", s.model())
                    .withDetail("available", s.available())
                    .withDetail("breaker", s.breakerState());
            if (s.lastFailure() != null) {
                b.withDetail(
                                "lastFailure",
                                s.lastFailure().kind().id() + ": "
                                        + s.lastFailure().message())
                        .withDetail("lastFailureAt", String.valueOf(s.lastFailureAt()));
            }
            return b.build();
        };
    }
}
