package io.mnemos.gateway.openapi;

import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rewrites a service's OpenAPI document for callers of the gateway: the server is the gateway, callers authenticate
 * with an API key (or JWT) instead of the internal identity header the service documents, and every operation also
 * lists the errors the gateway itself answers (401, 429, 503, 504), as problem+json with examples.
 */
public final class ServiceDocs {
    private static final Logger log = LoggerFactory.getLogger(ServiceDocs.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch");

    private ServiceDocs() {}

    /** The rewritten document; the original when it is not a JSON object (never fails). */
    public static String forGateway(String document, String service) {
        if (document == null || document.isBlank()) {
            return document;
        }
        try {
            JsonNode root = JSON.readTree(document);
            if (!(root instanceof ObjectNode doc) || !doc.has("openapi")) {
                return document;
            }
            rewrite(doc, service);
            return JSON.writeValueAsString(doc);
        } catch (RuntimeException e) {
            log.warn("Could not rewrite the OpenAPI document of {}: {}", service, e.toString());
            return document;
        }
    }

    static void rewrite(ObjectNode doc, String service) {
        ArrayNode servers = doc.putArray("servers");
        servers.addObject().put("url", "/").put("description", "Mnemos gateway (" + service + " routes)");

        ObjectNode components = doc.has("components") && doc.get("components") instanceof ObjectNode c
                ? c
                : doc.putObject("components");
        ObjectNode schemes = components.putObject("securitySchemes");
        GatewayErrors.securitySchemes().forEach((name, scheme) -> schemes.set(name, JSON.valueToTree(scheme)));
        ArrayNode security = doc.putArray("security");
        for (String name : GatewayErrors.securitySchemes().keySet()) {
            security.addObject().putArray(name);
        }
        ObjectNode schemas = components.has("schemas") && components.get("schemas") instanceof ObjectNode s
                ? s
                : components.putObject("schemas");
        if (!schemas.has(GatewayErrors.PROBLEM_SCHEMA)) {
            schemas.set(GatewayErrors.PROBLEM_SCHEMA, JSON.valueToTree(GatewayErrors.problemSchemaMap()));
        }

        if (!(doc.get("paths") instanceof ObjectNode paths)) {
            return;
        }
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            if (!(path.getValue() instanceof ObjectNode item)) {
                continue;
            }
            for (Map.Entry<String, JsonNode> op : item.properties()) {
                if (!METHODS.contains(op.getKey()) || !(op.getValue() instanceof ObjectNode operation)) {
                    continue;
                }
                // The service's own requirement names the internal header; the gateway's schemes apply instead.
                operation.remove("security");
                ObjectNode responses =
                        operation.get("responses") instanceof ObjectNode r ? r : operation.putObject("responses");
                for (GatewayErrors.Error error : GatewayErrors.ROUTED) {
                    // The gateway's answer replaces the service's 401 (which callers of the gateway never see).
                    if (!responses.has(error.status()) || "401".equals(error.status())) {
                        responses.set(error.status(), JSON.valueToTree(GatewayErrors.responseMap(error)));
                    }
                }
            }
        }
    }
}
