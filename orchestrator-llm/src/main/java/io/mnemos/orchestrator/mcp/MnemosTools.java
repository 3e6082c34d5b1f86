package io.mnemos.orchestrator.mcp;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.orchestrator.pipeline.PipelineProperties;
import io.mnemos.orchestrator.pipeline.ServiceClient;
import io.mnemos.web.security.MnemosSecurityProperties;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The MCP tools: memory search and fact upsert (memory-service), document search and the grounding gate
 * (retrieval-service). Each checks its arguments and the caller's scope first, then calls the service as the caller;
 * a bad argument, a missing scope or a failing service is a tool result with {@code isError: true} and a message the
 * agent can act on, never a protocol error.
 */
@Component
class MnemosTools {
    /** Key of the caller's {@link Identity} in the MCP transport context. */
    static final String IDENTITY = "mnemos.identity";

    private static final Logger log = LoggerFactory.getLogger(MnemosTools.class);
    private static final List<String> MODES = List.of("bm25", "dense", "hybrid");

    private final ServiceClient client;
    private final PipelineProperties services;
    private final McpProperties props;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    MnemosTools(
            MnemosSecurityProperties security,
            PipelineProperties services,
            McpProperties props,
            ObjectMapper json,
            MeterRegistry meters) {
        // The caller's own identity is signed again for each call (no escalation), with the MCP call timeout.
        this.client = new ServiceClient(security, props.callTimeout());
        this.services = services;
        this.props = props;
        this.json = json;
        this.meters = meters;
    }

    List<SyncToolSpecification> all() {
        return List.of(memorySearch(), memoryUpsertFact(), documentSearch(), groundingAssess());
    }

    private SyncToolSpecification memorySearch() {
        return tool(
                "memory_search",
                "Search an end user's memory (conversation turns, profile facts) in Mnemos. Returns the hits with"
                        + " text, type and score.",
                schema(
                        Map.of(
                                "userId", string("the end user whose memory is searched", 200),
                                "query", string("what to look for; may contain a time expression", 2000),
                                "k", integer("hits wanted (default 10)"),
                                "mode", mode()),
                        "userId",
                        "query"),
                "memory:read",
                Set.of("userId", "query", "k", "mode"),
                (args, caller) -> {
                    String user = args.string("userId", 200);
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("query", args.string("query", 2000));
                    putIfSet(body, "k", args.integer("k", 1, props.maxK()));
                    putIfSet(body, "mode", args.oneOf("mode", MODES));
                    return client.post(
                            caller, services.memoryUrl(), "/v1/users/" + segment(user) + "/memory/search", body);
                });
    }

    private SyncToolSpecification memoryUpsertFact() {
        return tool(
                "memory_upsert_fact",
                "Record a fact about an end user in their Mnemos profile (e.g. attribute 'favourite tea', value"
                        + " 'green tea'). A new value for the same attribute supersedes or contradicts the old one;"
                        + " the result says which.",
                schema(
                        Map.of(
                                "userId", string("the end user the fact is about", 200),
                                "attribute",
                                        string("what the fact is about: letters, digits, '.', '_', '-', spaces", 200),
                                "value", string("the value", 1000)),
                        "userId",
                        "attribute",
                        "value"),
                "memory:write",
                Set.of("userId", "attribute", "value"),
                (args, caller) -> {
                    String user = args.string("userId", 200);
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("attribute", args.string("attribute", 200));
                    body.put("value", args.string("value", 1000));
                    body.put("source", "mcp");
                    return client.post(
                            caller, services.memoryUrl(), "/v1/users/" + segment(user) + "/profile/facts", body);
                });
    }

    private SyncToolSpecification documentSearch() {
        return tool(
                "document_search",
                "Search a document collection in Mnemos (Lucene hybrid search). Returns the passages with title,"
                        + " document id and score.",
                schema(
                        Map.of(
                                "collection", string("the collection to search", 100),
                                "query", string("what to look for", 2000),
                                "k", integer("hits wanted (default 10)"),
                                "mode", mode()),
                        "collection",
                        "query"),
                "documents:read",
                Set.of("collection", "query", "k", "mode"),
                (args, caller) -> {
                    String collection = args.string("collection", 100);
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("query", args.string("query", 2000));
                    putIfSet(body, "k", args.integer("k", 1, props.maxK()));
                    putIfSet(body, "mode", args.oneOf("mode", MODES));
                    return client.post(
                            caller,
                            services.retrievalUrl(),
                            "/v1/collections/" + segment(collection) + "/search",
                            body);
                });
    }

    private SyncToolSpecification groundingAssess() {
        return tool(
                "grounding_assess",
                "Ask Mnemos whether a question needs retrieval: counts the question's entities in the reference"
                        + " corpus (QuCo-RAG stage 1) and says whether a model is likely to answer it wrongly from"
                        + " memory alone.",
                schema(Map.of("question", string("the question", 2000)), "question"),
                "documents:read",
                Set.of("question"),
                (args, caller) -> client.post(
                        caller,
                        services.retrievalUrl(),
                        "/v1/grounding/assess",
                        Map.of("question", args.string("question", 2000))));
    }

    /** What a tool does with valid arguments, as the caller. */
    @FunctionalInterface
    private interface Action {
        JsonNode run(ToolArgs args, Identity caller);
    }

    private SyncToolSpecification tool(
            String name,
            String description,
            Map<String, Object> schema,
            String scope,
            Set<String> known,
            Action action) {
        McpSchema.Tool tool = McpSchema.Tool.builder()
                .name(name)
                .description(description + " Needs scope " + scope + ".")
                .inputSchema(schema)
                .build();
        Timer timer =
                Timer.builder("mnemos.mcp.tool.duration").tag("tool", name).register(meters);
        return new SyncToolSpecification(
                tool,
                (ctx, request) -> timer.record(() -> {
                    McpSchema.CallToolResult result = call(name, scope, known, action, ctx, request);
                    meters.counter("mnemos.mcp.tool.calls", "tool", name, "outcome", result.isError() ? "error" : "ok")
                            .increment();
                    return result;
                }));
    }

    private McpSchema.CallToolResult call(
            String name,
            String scope,
            Set<String> known,
            Action action,
            McpTransportContext ctx,
            McpSchema.CallToolRequest request) {
        if (!(ctx.get(IDENTITY) instanceof Identity caller)) {
            return error("No caller identity on this request; call /mcp through the Mnemos gateway with an API key.");
        }
        if (!caller.hasScope(scope)) {
            return error(name + " needs scope " + scope + "; this API key has " + caller.scopes() + ".");
        }
        JsonNode out;
        try {
            out = action.run(new ToolArgs(request.arguments(), known), caller);
        } catch (ToolArgs.Invalid e) {
            return error("Invalid arguments for " + name + ": " + e.getMessage() + ".");
        } catch (ServiceClient.ServiceCallException e) {
            String service = name.startsWith("memory") ? "memory-service" : "retrieval-service";
            return error(service + " refused the call (" + e.getMessage() + ").");
        } catch (RuntimeException e) {
            log.warn("MCP tool {} failed: {}", name, e.toString());
            return error(name + " could not reach its service: " + e.getMessage());
        }
        Map<String, Object> structured = json.convertValue(out, Map.class);
        return McpSchema.CallToolResult.builder()
                .addTextContent(json.writeValueAsString(out))
                .structuredContent(structured)
                .isError(false)
                .build();
    }

    private static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder()
                .addTextContent(message)
                .isError(true)
                .build();
    }

    private static Map<String, Object> schema(Map<String, Object> properties, String... required) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("properties", new LinkedHashMap<>(properties));
        s.put("required", List.of(required));
        s.put("additionalProperties", false);
        return s;
    }

    private static Map<String, Object> string(String description, int max) {
        return Map.of("type", "string", "description", description, "minLength", 1, "maxLength", max);
    }

    private Map<String, Object> integer(String description) {
        return Map.of("type", "integer", "description", description, "minimum", 1, "maximum", props.maxK());
    }

    private static Map<String, Object> mode() {
        return Map.of("type", "string", "description", "ranking (default hybrid)", "enum", MODES);
    }

    private static void putIfSet(Map<String, Object> body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }

    private static String segment(String s) {
        return UriUtils.encodePathSegment(s, StandardCharsets.UTF_8);
    }
}
