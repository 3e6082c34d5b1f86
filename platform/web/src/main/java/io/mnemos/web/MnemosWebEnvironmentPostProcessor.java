package io.mnemos.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds defaults every Mnemos service shares, as the <em>last</em> property source: anything a service sets
 * (application.yml, environment variables, command line, test properties) wins. Registered in {@code
 * META-INF/spring.factories}.
 *
 * <ul>
 *   <li>Actuator: exposes {@code health,info,prometheus,metrics}; liveness/readiness probes on.
 *   <li>Logging: the correlation part of Boot's default pattern shows {@code [traceId,requestId]} from the MDC.
 *   <li>Errors: no whitelabel page, never a stack trace or exception message in a response.
 *   <li>Multipart limits follow {@code mnemos.web.max-request-size}.
 * </ul>
 */
public class MnemosWebEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {
    /** Name of the property source holding the defaults. */
    public static final String PROPERTY_SOURCE_NAME = "mnemosWebDefaults";

    static final Map<String, Object> DEFAULTS = defaults();

    private static Map<String, Object> defaults() {
        String maxSize = "${" + MnemosWebProperties.MAX_REQUEST_SIZE_PROPERTY + ":"
                + MnemosWebProperties.DEFAULT_MAX_REQUEST_SIZE + "}";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("management.endpoints.web.exposure.include", "health,info,prometheus,metrics");
        m.put("management.endpoint.health.probes.enabled", "true");
        m.put("logging.pattern.correlation", "[%X{traceId:-},%X{requestId:-}] ");
        m.put("server.error.whitelabel.enabled", "false");
        m.put("server.error.include-stacktrace", "never");
        m.put("server.error.include-message", "never");
        m.put("spring.servlet.multipart.max-file-size", maxSize);
        m.put("spring.servlet.multipart.max-request-size", maxSize);
        // Error responses are documented once, by io.mnemos.web.openapi.ProblemOpenApiCustomizer.
        m.put("springdoc.override-with-generic-response", "false");
        return Map.copyOf(m);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
            environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, DEFAULTS));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
