package io.mnemos.gateway.routing;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long the gateway waits for a service to start answering (its response headers) before giving up with a 504
 * problem. Streams (SSE) are not cut by this once their headers arrived; WebSockets are not affected.
 *
 * @param defaultRoute for routes without an entry in {@code routes}
 * @param routes       by route id ({@code orchestrator}, {@code memory}, {@code retrieval}, {@code speech}, {@code
 *                     vision}, {@code memory-session-turns}, {@code docs-*}, …)
 */
@Validated
@ConfigurationProperties("mnemos.gateway.timeouts")
public record TimeoutProperties(
        @NotNull @DefaultValue("30s") Duration defaultRoute, @NotNull @DefaultValue Map<String, Duration> routes) {

    public Duration forRoute(String routeId) {
        return routes.getOrDefault(routeId, defaultRoute);
    }
}
