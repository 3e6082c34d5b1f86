package io.mnemos.gateway.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The errors the gateway answers itself, and how callers authenticate: shared by the gateway's own OpenAPI document
 * and the rewritten service documents. Plain maps, so both the Swagger model and a JSON tree can take them.
 */
public final class GatewayErrors {
    public static final String PROBLEM_SCHEMA = "Problem";
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String BEARER = "bearerAuth";
    public static final String API_KEY_HEADER = "apiKeyHeader";

    /** One documented error, with an example problem. */
    public record Error(String status, String description, String slug, String title, String detail) {}

    /** Errors any routed request may get from the gateway. */
    public static final List<Error> ROUTED = List.of(
            new Error(
                    "401",
                    "No valid credentials. The problem type says which: missing-credentials, malformed-credentials,"
                            + " invalid-credentials, revoked-credentials, expired-credentials, invalid-token,"
                            + " unsupported-credentials",
                    "expired-credentials",
                    "Expired credentials",
                    "This API key expired at 2026-01-01T00:00:00Z. Ask an admin for a new one."),
            new Error(
                    "413",
                    "Request body larger than mnemos.gateway.max-request-size",
                    "payload-too-large",
                    "Payload too large",
                    "The request body has 11534336 bytes; the limit is 10485760 bytes"
                            + " (mnemos.gateway.max-request-size)."),
            new Error(
                    "429",
                    "Rate limit of the key exceeded; retry after the Retry-After header's seconds",
                    "rate-limited",
                    "Too many requests",
                    "This key may make 50 requests per second (bursts of 100); retry after 1 s."),
            new Error(
                    "503",
                    "The service behind the route is not reachable",
                    "service-unavailable",
                    "Service unavailable",
                    "The service behind /v1/sessions is not reachable right now; retry shortly."),
            new Error(
                    "504",
                    "The service did not answer within the route's timeout",
                    "upstream-timeout",
                    "Gateway timeout",
                    "The service behind /v1/collections did not answer within 120 s; retry, or ask for less."));

    /** Errors of the gateway's own admin API, on top of {@link #ROUTED}. */
    public static final List<Error> ADMIN = List.of(
            new Error(
                    "400",
                    "Invalid request body or parameter; errors[] names each invalid field",
                    "validation-failed",
                    "Invalid request",
                    "The request body is invalid: scopes must not be empty."),
            new Error(
                    "403",
                    "The key lacks the admin scope, or is not an admin of the platform tenant",
                    "insufficient-scope",
                    "Insufficient scope",
                    "The admin API needs a key with the 'admin' scope."),
            new Error(
                    "404",
                    "No such tenant or key (also for another tenant's, so nothing leaks)",
                    "not-found",
                    "Not found",
                    "No tenant 'acme'."));

    private GatewayErrors() {}

    public static Map<String, Object> securitySchemes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                BEARER,
                Map.of(
                        "type",
                        "http",
                        "scheme",
                        "bearer",
                        "description",
                        "An API key (from POST /v1/admin/tenants/{tenant}/keys) or, when configured, a JWT:"
                                + " 'Authorization: Bearer <key>'"));
        m.put(
                API_KEY_HEADER,
                Map.of("type", "apiKey", "in", "header", "name", "X-API-Key", "description", "The API key"));
        return m;
    }

    public static Map<String, Object> responseMap(Error e) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", "https://mnemos.io/problems/" + e.slug());
        example.put("title", e.title());
        example.put("status", Integer.parseInt(e.status()));
        example.put("detail", e.detail());
        example.put("instance", "/v1/...");
        example.put("requestId", "0193a6f2-6c1e-7c3b-9f1a-2b7d5e8c4a10");
        return Map.of(
                "description",
                e.description(),
                "content",
                Map.of(
                        PROBLEM_JSON,
                        Map.of(
                                "schema",
                                Map.of("$ref", "#/components/schemas/" + PROBLEM_SCHEMA),
                                "example",
                                example)));
    }

    public static Map<String, Object> problemSchemaMap() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(
                "type", Map.of("type", "string", "format", "uri", "description", "https://mnemos.io/problems/<slug>"));
        props.put("title", Map.of("type", "string"));
        props.put("status", Map.of("type", "integer", "format", "int32"));
        props.put("detail", Map.of("type", "string", "description", "What is wrong, and what to do about it"));
        props.put("instance", Map.of("type", "string", "format", "uri"));
        props.put("requestId", Map.of("type", "string", "description", "Quote it when reporting a problem"));
        return Map.of(
                "type",
                "object",
                "description",
                "RFC 9457 problem details",
                "required",
                List.of("type", "title", "status"),
                "properties",
                props);
    }
}
