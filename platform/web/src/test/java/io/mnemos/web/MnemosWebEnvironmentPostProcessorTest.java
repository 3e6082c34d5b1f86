package io.mnemos.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class MnemosWebEnvironmentPostProcessorTest {

    @Test
    void defaultsAreTheLastPropertySourceSoServicesOverrideThem() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources()
                .addFirst(new MapPropertySource(
                        "service",
                        Map.of(
                                "management.endpoints.web.exposure.include",
                                "health",
                                "mnemos.web.max-request-size",
                                "50MB")));

        new MnemosWebEnvironmentPostProcessor().postProcessEnvironment(env, new SpringApplication());

        assertThat(env.getPropertySources().stream()
                        .reduce((a, b) -> b)
                        .orElseThrow()
                        .getName())
                .isEqualTo(MnemosWebEnvironmentPostProcessor.PROPERTY_SOURCE_NAME);
        assertThat(env.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health");
        assertThat(env.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
        assertThat(env.getProperty("spring.servlet.multipart.max-file-size")).isEqualTo("50MB");
        assertThat(env.getProperty("spring.servlet.multipart.max-request-size")).isEqualTo("50MB");
    }

    @Test
    void multipartLimitsDefaultTo10MB() {
        StandardEnvironment env = new StandardEnvironment();

        new MnemosWebEnvironmentPostProcessor().postProcessEnvironment(env, new SpringApplication());

        assertThat(env.getProperty("spring.servlet.multipart.max-file-size")).isEqualTo("10MB");
    }

    @Test
    void explicitMultipartLimitsWin() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources()
                .addFirst(new MapPropertySource("service", Map.of("spring.servlet.multipart.max-file-size", "1GB")));

        new MnemosWebEnvironmentPostProcessor().postProcessEnvironment(env, new SpringApplication());

        assertThat(env.getProperty("spring.servlet.multipart.max-file-size")).isEqualTo("1GB");
    }
}
