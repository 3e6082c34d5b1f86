package io.mnemos.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ExemptPathsTest {
    private final ExemptPaths exempt = new ExemptPaths(List.of("/actuator/health/**", "/actuator/info", "/error"));

    private static MockHttpServletRequest request(String uri, String servletPath) {
        MockHttpServletRequest r = new MockHttpServletRequest("GET", uri);
        r.setServletPath(servletPath);
        return r;
    }

    @Test
    void matchesExemptPaths() {
        assertThat(exempt.matches(request("/actuator/health", "/actuator/health")))
                .isTrue();
        assertThat(exempt.matches(request("/actuator/health/liveness", "/actuator/health/liveness")))
                .isTrue();
        assertThat(exempt.matches(request("/actuator/info", "/actuator/info"))).isTrue();
        assertThat(exempt.matches(request("/error", "/error"))).isTrue();
    }

    @Test
    void doesNotMatchOtherPaths() {
        assertThat(exempt.matches(request("/actuator/metrics", "/actuator/metrics")))
                .isFalse();
        assertThat(exempt.matches(request("/actuator/info/x", "/actuator/info/x")))
                .isFalse();
        assertThat(exempt.matches(request("/v1/memories", "/v1/memories"))).isFalse();
    }

    @Test
    void traversalCannotBorrowAnExemption() {
        // The container normalised the path to /v1/memories, but the raw path starts like an exempt one.
        assertThat(exempt.matches(request("/actuator/health/%2e%2e/%2e%2e/v1/memories", "/v1/memories")))
                .isFalse();
        // The raw path normalises to an exempt one, but Spring MVC would route the raw one.
        assertThat(exempt.matches(request("/v1/memories/..;/..;/actuator/health", "/actuator/health")))
                .isFalse();
        assertThat(exempt.matches(request("/actuator/health/../v1", "/actuator/health/../v1")))
                .isFalse();
    }

    @Test
    void worksWithAContextPath() {
        MockHttpServletRequest r = request("/svc/actuator/health", "/actuator/health");
        r.setContextPath("/svc");

        assertThat(exempt.matches(r)).isTrue();
    }
}
