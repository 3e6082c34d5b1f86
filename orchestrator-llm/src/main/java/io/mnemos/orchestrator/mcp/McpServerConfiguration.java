package io.mnemos.orchestrator.mcp;

import io.mnemos.contracts.identity.Identity;
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

    @Bean
    HttpServletStatelessServerTransport mcpTransport(ObjectProvider<JsonMapper> mapper) {
        return HttpServletStatelessServerTransport.builder()
                .jsonMapper(new JacksonMcpJsonMapper(mapper.getIfAvailable(JsonMapper::new)))
                .messageEndpoint(ENDPOINT)
                .contextExtractor(
                        request -> request.getAttribute(TenantContext.REQUEST_ATTRIBUTE) instanceof Identity id
                                ? McpTransportContext.create(Map.of(MnemosTools.IDENTITY, id))
                                : McpTransportContext.EMPTY)
                .build();
    }

    @Bean(destroyMethod = "close")
    McpStatelessSyncServer mcpServer(
            HttpServletStatelessServerTransport transport, MnemosTools tools, ObjectProvider<JsonMapper> mapper) {
        return McpServer.sync(transport)
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
    ServletRegistrationBean<HttpServletStatelessServerTransport> mcpServlet(HttpServletStatelessServerTransport t) {
        ServletRegistrationBean<HttpServletStatelessServerTransport> r = new ServletRegistrationBean<>(t, ENDPOINT);
        r.setName("mcp");
        r.setAsyncSupported(true);
        return r;
    }
}
