package io.mnemos.orchestrator.mcp;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.web.problem.ProblemResponses;
import io.mnemos.web.security.TenantContext;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the MCP tools at {@code /mcp} with the SDK's stateless servlet transport, registered as its own servlet
 * next to Spring MVC's (so the platform's filters — request id, size limit, identity — run before it, and an
 * unauthenticated call is a 401 problem before any MCP handling). The caller's verified identity travels to the tools
 * in the MCP transport context.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "mnemos.mcp.enabled", matchIfMissing = true)
class McpServerConfiguration {
    static final String ENDPOINT = "/mcp";

    /**
     * The SDK validates tool inputs (when asked) and structured outputs against declared schemas with its default
     * validator, which needs json-schema-validator 2.x while the platform pins 1.5.8 (contracts' schema tests). Tools
     * here check their own arguments ({@link ToolArgs}, with messages that say what to fix) and declare no output
     * schema, so there is nothing for it to do: this one accepts everything.
     */
    static final JsonSchemaValidator NO_SCHEMA_VALIDATION =
            (schema, instance) -> JsonSchemaValidator.ValidationResponse.asValid(null);

    /**
     * The endpoint: the SDK's stateless transport behind {@link McpEndpointServlet}, which answers every malformed
     * message, wrong media type and failure as a JSON-RPC error object (the transport alone writes its exception,
     * stack trace included) and any method other than POST as a 405 problem. The transport is no bean of its own: a
     * servlet bean outside a registration would be mapped by Boot at {@code /<bean name>/}, unguarded.
     */
    @Bean
    McpEndpointServlet mcpEndpoint(ObjectProvider<JsonMapper> mapper, ProblemResponses problems) {
        JsonMapper json = mapper.getIfAvailable(JsonMapper::new);
        HttpServletStatelessServerTransport transport = HttpServletStatelessServerTransport.builder()
                .jsonMapper(new JacksonMcpJsonMapper(json))
                .messageEndpoint(ENDPOINT)
                .contextExtractor(
                        request -> request.getAttribute(TenantContext.REQUEST_ATTRIBUTE) instanceof Identity id
                                ? McpTransportContext.create(Map.of(MnemosTools.IDENTITY, id))
                                : McpTransportContext.EMPTY)
                .build();
        return new McpEndpointServlet(transport, json, problems);
    }

    @Bean(destroyMethod = "close")
    McpStatelessSyncServer mcpServer(
            McpEndpointServlet endpoint, MnemosTools tools, ObjectProvider<JsonMapper> mapper) {
        return McpServer.sync(endpoint.transport())
                .serverInfo("mnemos", "0.1.0")
                .instructions("Mnemos: long-term memory of end users and search over document collections. Search"
                        + " memory before asking the user again; check grounding before answering factual questions.")
                .jsonMapper(new JacksonMcpJsonMapper(mapper.getIfAvailable(JsonMapper::new)))
                .capabilities(
                        McpSchema.ServerCapabilities.builder().tools(false).build())
                // The tools check their own arguments, to answer with messages that say what to fix.
                .validateToolInputs(false)
                .jsonSchemaValidator(NO_SCHEMA_VALIDATION)
                .requestTimeout(Duration.ofSeconds(30))
                .tools(tools.all())
                .build();
    }

    @Bean
    ServletRegistrationBean<McpEndpointServlet> mcpServlet(McpEndpointServlet endpoint) {
        ServletRegistrationBean<McpEndpointServlet> r = new ServletRegistrationBean<>(endpoint, ENDPOINT);
        r.setName("mcp");
        r.setAsyncSupported(true);
        return r;
    }
}
