package io.mnemos.gateway.openapi;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's own OpenAPI document ({@code /v3/api-docs}: the admin API), with the same security schemes and
 * problem+json errors as the rewritten service documents ({@code /v3/api-docs/{service}}, see {@link ServiceDocs}).
 * Swagger UI ({@code /swagger-ui.html}) lists all of them.
 */
@Configuration(proxyBeanMethods = false)
class GatewayOpenApi {

    @Bean
    OpenAPI mnemosGatewayOpenApi() {
        Components components = new Components();
        GatewayErrors.securitySchemes()
                .forEach((name, scheme) ->
                        components.addSecuritySchemes(name, Json.mapper().convertValue(scheme, SecurityScheme.class)));
        components.addSchemas(
                GatewayErrors.PROBLEM_SCHEMA,
                Json.mapper().convertValue(GatewayErrors.problemSchemaMap(), Schema.class));
        OpenAPI api = new OpenAPI()
                .info(new Info()
                        .title("Mnemos gateway")
                        .version("v1")
                        .description("The only door to Mnemos. This document covers the gateway's own admin API;"
                                + " pick a service in the top bar for the rest. Every error is RFC 9457"
                                + " application/problem+json."))
                .servers(List.of(new Server().url("/").description("Mnemos gateway")))
                .components(components);
        GatewayErrors.securitySchemes()
                .keySet()
                .forEach(n -> api.addSecurityItem(new SecurityRequirement().addList(n)));
        return api;
    }

    @Bean
    OpenApiCustomizer gatewayProblems() {
        return api -> {
            if (api.getPaths() == null) {
                return;
            }
            for (PathItem item : api.getPaths().values()) {
                for (Operation op : item.readOperations()) {
                    ApiResponses responses = op.getResponses() == null ? new ApiResponses() : op.getResponses();
                    op.setResponses(responses);
                    for (GatewayErrors.Error e : GatewayErrors.ADMIN) {
                        add(responses, e);
                    }
                    for (GatewayErrors.Error e : GatewayErrors.ROUTED) {
                        if (!e.status().startsWith("50")) {
                            add(responses, e);
                        }
                    }
                }
            }
        };
    }

    private static void add(ApiResponses responses, GatewayErrors.Error e) {
        if (!responses.containsKey(e.status())) {
            responses.addApiResponse(
                    e.status(), Json.mapper().convertValue(GatewayErrors.responseMap(e), ApiResponse.class));
        }
    }
}
