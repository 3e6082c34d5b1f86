package io.mnemos.web.openapi;

import io.mnemos.contracts.identity.InternalToken;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;

/**
 * Documents what {@code mnemos-web} adds to every operation: the problem+json error responses and the identity
 * header. Responses an operation documents itself are kept.
 */
public class ProblemOpenApiCustomizer implements GlobalOpenApiCustomizer {
    /** Name of the problem schema in {@code components.schemas}. */
    public static final String PROBLEM_SCHEMA = "Problem";
    /** Name of the field-error schema in {@code components.schemas}. */
    public static final String FIELD_VIOLATION_SCHEMA = "FieldViolation";
    /** Name of the security scheme in {@code components.securitySchemes}. */
    public static final String SECURITY_SCHEME = "mnemosIdentity";
    /** Media type of problem documents. */
    public static final String PROBLEM_JSON = "application/problem+json";

    static final Map<String, String> ERRORS = errors();

    private static Map<String, String> errors() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("400", "Invalid request: validation failed, malformed or unknown JSON field, bad parameter");
        m.put(
                "401",
                "No valid identity: the request did not come through the gateway (reason: missing, malformed,"
                        + " bad-signature, expired)");
        m.put("403", "The caller lacks a required scope");
        m.put("404", "No such resource (or route)");
        m.put("409", "Conflict with the current state (duplicate, concurrent modification)");
        m.put("413", "Request body larger than mnemos.web.max-request-size");
        m.put("500", "Unexpected error; quote the requestId when reporting it");
        return Map.copyOf(m);
    }

    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents();
        if (components == null) {
            components = new Components();
            openApi.setComponents(components);
        }
        components.addSchemas(FIELD_VIOLATION_SCHEMA, fieldViolationSchema());
        components.addSchemas(PROBLEM_SCHEMA, problemSchema());
        components.addSecuritySchemes(
                SECURITY_SCHEME,
                new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name(InternalToken.HEADER)
                        .description("Identity signed by the Mnemos gateway for each request. Clients do not send"
                                + " it: they call the gateway with an API key, and the gateway adds it."));
        SecurityRequirement requirement = new SecurityRequirement().addList(SECURITY_SCHEME);
        if (openApi.getSecurity() == null || !openApi.getSecurity().contains(requirement)) {
            openApi.addSecurityItem(requirement);
        }
        if (openApi.getPaths() == null) {
            return;
        }
        for (PathItem item : openApi.getPaths().values()) {
            for (Operation operation : item.readOperations()) {
                ApiResponses responses = operation.getResponses();
                if (responses == null) {
                    responses = new ApiResponses();
                    operation.setResponses(responses);
                }
                for (Map.Entry<String, String> e : ordered()) {
                    if (!responses.containsKey(e.getKey())) {
                        responses.addApiResponse(e.getKey(), problemResponse(e.getValue()));
                    }
                }
            }
        }
    }

    private static List<Map.Entry<String, String>> ordered() {
        return ERRORS.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
    }

    private static ApiResponse problemResponse(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                PROBLEM_JSON,
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> problemSchema() {
        Schema schema = new ObjectSchema()
                .description("RFC 9457 problem details, as every Mnemos error is reported")
                .addProperty(
                        "type",
                        new StringSchema()
                                .format("uri")
                                .description(
                                        "Stable identifier of the kind of problem: https://mnemos.io/problems/<slug>")
                                .example("https://mnemos.io/problems/validation-failed"))
                .addProperty("title", new StringSchema().description("Short summary of the kind of problem"))
                .addProperty("status", new IntegerSchema().format("int32").description("HTTP status"))
                .addProperty("detail", new StringSchema().description("What is wrong, and what to do about it"))
                .addProperty("instance", new StringSchema().format("uri").description("Path of the request"))
                .addProperty("requestId", new StringSchema().description("Id of the request; quote it when reporting"))
                .addProperty(
                        "errors",
                        new ArraySchema()
                                .items(new Schema<>().$ref("#/components/schemas/" + FIELD_VIOLATION_SCHEMA))
                                .description("Invalid inputs, for validation problems"))
                .addProperty(
                        "reason",
                        new StringSchema().description("For 401: missing, malformed, bad-signature or expired"));
        schema.setRequired(List.of("type", "title", "status"));
        schema.additionalProperties(Boolean.TRUE);
        return schema;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> fieldViolationSchema() {
        Schema schema = new ObjectSchema()
                .description("One invalid input")
                .addProperty(
                        "field",
                        new StringSchema()
                                .description("JSON path into the body (items[0].text) or parameter name; absent for"
                                        + " the input as a whole"))
                .addProperty("message", new StringSchema().description("What is wrong with it"));
        schema.setRequired(List.of("message"));
        return schema;
    }
}
