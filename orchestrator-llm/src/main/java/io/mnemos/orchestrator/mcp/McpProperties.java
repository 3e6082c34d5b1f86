package io.mnemos.orchestrator.mcp;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the MCP server.
 *
 * @param enabled     whether {@code /mcp} is served
 * @param callTimeout longest wait for memory-service or retrieval-service in one tool call
 * @param maxK        most hits a search tool may ask for
 */
@Validated
@ConfigurationProperties("mnemos.mcp")
public record McpProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("10s") Duration callTimeout,
        @Min(1) @Max(100) @DefaultValue("50") int maxK) {}
