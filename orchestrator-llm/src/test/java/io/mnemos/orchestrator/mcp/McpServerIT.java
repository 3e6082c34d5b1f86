package io.mnemos.orchestrator.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.orchestrator.openai.OrchestratorHttpTestBase;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The MCP server through the SDK's own client and Streamable HTTP client transport, against the running app. The
 * services behind the tools are the base class's canned JDK HttpServer: a PROTOCOL test of the tool wiring.
 */
@SuppressWarnings("unchecked")
class McpServerIT extends OrchestratorHttpTestBase {
    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private McpSyncClient client(String tenant, String... scopes) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                        "http://127.0.0.1:" + port)
                .endpoint("/mcp")
                // Signed per request, as the gateway does for every request it forwards.
                .httpRequestCustomizer(
                        (builder, method, uri, body, ctx) -> builder.header(InternalToken.HEADER, sign(tenant, scopes)))
                .build();
        McpSyncClient c = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(30))
                // The SDK's default validator needs json-schema-validator 2.x; the platform pins 1.5.8.
                .jsonSchemaValidator(McpServerConfiguration.NO_SCHEMA_VALIDATION)
                .build();
        c.initialize();
        return c;
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().getFirst()).text();
    }

    @Test
    void listsTheToolsWithInputSchemas() {
        try (McpSyncClient c = client(tenant(), "memory:read")) {
            var tools = c.listTools().tools();
            assertThat(tools)
                    .extracting(McpSchema.Tool::name)
                    .containsExactlyInAnyOrder(
                            "memory_search", "memory_upsert_fact", "document_search", "grounding_assess");
            McpSchema.Tool search = tools.stream()
                    .filter(t -> t.name().equals("memory_search"))
                    .findFirst()
                    .orElseThrow();
            assertThat((java.util.List<Object>) search.inputSchema().get("required"))
                    .containsExactly("userId", "query");
            assertThat((Map<Object, Object>) search.inputSchema().get("properties"))
                    .containsKeys("userId", "query", "k", "mode");
        }
    }

    @Test
    void searchesDocumentsAndMemoryAsTheCaller() {
        String tenant = tenant();
        String user = "u-" + UUID.randomUUID().toString().substring(0, 8);
        try (McpSyncClient c = client(tenant, "memory:read", "documents:read")) {
            McpSchema.CallToolResult docs = c.callTool(new McpSchema.CallToolRequest(
                    "document_search", Map.of("collection", "handbook", "query", "sencha", "k", 3)));
            assertThat(docs.isError()).as(text(docs)).isFalse();
            assertThat(text(docs)).contains("Sencha is a Japanese green tea");
            Call call = CALLS.get("/v1/collections/handbook/search");
            assertThat(call.caller().tenant()).isEqualTo(tenant);
            assertThat(call.caller().principal()).isEqualTo("key:test");
            assertThat(call.caller().scopes()).containsExactlyInAnyOrder("memory:read", "documents:read");
            assertThat(call.body()).contains("\"k\":3");

            McpSchema.CallToolResult memory =
                    c.callTool(new McpSchema.CallToolRequest("memory_search", Map.of("userId", user, "query", "tea")));
            assertThat(memory.isError()).as(text(memory)).isFalse();
            assertThat(text(memory)).contains("I drink green tea every morning");
            assertThat(CALLS.get("/v1/users/" + user + "/memory/search")
                            .caller()
                            .tenant())
                    .isEqualTo(tenant);

            McpSchema.CallToolResult grounding = c.callTool(
                    new McpSchema.CallToolRequest("grounding_assess", Map.of("question", "What is sencha?")));
            assertThat(grounding.isError()).as(text(grounding)).isFalse();
            assertThat(text(grounding)).contains("\"retrieve\":true");
            assertThat(CALLS.get("/v1/grounding/assess").body()).contains("What is sencha?");
        }
    }

    @Test
    void invalidArgumentsAndMissingScopesAreToolErrors() {
        try (McpSyncClient c = client(tenant(), "memory:read", "documents:read")) {
            McpSchema.CallToolResult noQuery =
                    c.callTool(new McpSchema.CallToolRequest("document_search", Map.of("collection", "handbook")));
            assertThat(noQuery.isError()).isTrue();
            assertThat(text(noQuery)).contains("'query' is required");

            McpSchema.CallToolResult badK = c.callTool(
                    new McpSchema.CallToolRequest("memory_search", Map.of("userId", "alice", "query", "tea", "k", 0)));
            assertThat(badK.isError()).isTrue();
            assertThat(text(badK)).contains("'k' must be between 1 and");

            McpSchema.CallToolResult unknown = c.callTool(new McpSchema.CallToolRequest(
                    "memory_search", Map.of("userId", "alice", "query", "tea", "colour", "red")));
            assertThat(unknown.isError()).isTrue();
            assertThat(text(unknown)).contains("unknown argument 'colour'");

            McpSchema.CallToolResult write = c.callTool(new McpSchema.CallToolRequest(
                    "memory_upsert_fact", Map.of("userId", "alice", "attribute", "favourite tea", "value", "sencha")));
            assertThat(write.isError()).isTrue();
            assertThat(text(write)).contains("needs scope memory:write");

            McpSchema.CallToolResult missing = c.callTool(
                    new McpSchema.CallToolRequest("document_search", Map.of("collection", "nope", "query", "tea")));
            assertThat(missing.isError()).isTrue();
            assertThat(text(missing)).contains("404").contains("no such collection");
        }
    }

    @Test
    void upsertsAFactWithTheCallersWriteScope() {
        String tenant = tenant();
        String user = "u-" + UUID.randomUUID().toString().substring(0, 8);
        try (McpSyncClient c = client(tenant, "memory:write")) {
            McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest(
                    "memory_upsert_fact", Map.of("userId", user, "attribute", "favourite tea", "value", "sencha")));
            assertThat(r.isError()).as(text(r)).isFalse();
            Call call = CALLS.get("/v1/users/" + user + "/profile/facts");
            assertThat(call.caller().scopes()).containsExactly("memory:write");
            assertThat(call.body()).contains("\"attribute\":\"favourite tea\"").contains("\"value\":\"sencha\"");
        }
    }

    @Test
    void answersAPlainJsonRpcPostWithoutASessionAndRefusesUnsignedCalls() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String tenant = tenant();
        String user = "u-" + UUID.randomUUID().toString().substring(0, 8);
        java.net.http.HttpRequest.Builder post = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        """
                        {"jsonrpc":"2.0","id":1,"method":"tools/call",
                         "params":{"name":"memory_search","arguments":{"userId":"%s","query":"tea"}}}"""
                                .formatted(user)));
        var unsigned = http.send(post.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(401);

        var r = http.send(
                post.header(InternalToken.HEADER, sign(tenant, "memory:read")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("I drink green tea every morning").contains("\"isError\":false");
        assertThat(r.headers().firstValue("Mcp-Session-Id")).isEmpty();

        var get = http.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/mcp"))
                        .header(InternalToken.HEADER, sign(tenant, "memory:read"))
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        assertThat(JSON.readTree(get.body()).get("detail").asString()).contains("POST", "JSON-RPC 2.0");
    }

    private java.net.http.HttpResponse<String> post(String body, String contentType, String accept) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/mcp"))
                .header(InternalToken.HEADER, sign(tenant(), "memory:read"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return java.net.http.HttpClient.newHttpClient()
                .send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The SDK transport answered a message it could not read with its McpError exception serialised by Jackson: the
     * stack trace (class names, line numbers, JDK version) under "stackTrace", the error under "jsonRpcError". Every
     * refusal is a JSON-RPC 2.0 error object instead, with the code for what is wrong.
     */
    @Test
    void everyMalformedMessageIsAJsonRpcErrorWithoutAStackTrace() throws Exception {
        String accept = "application/json, text/event-stream";
        record Case(
                String name,
                String body,
                String contentType,
                String accept,
                int status,
                int code,
                String id,
                String says) {}
        java.util.List<Case> cases = java.util.List.of(
                new Case(
                        "malformed JSON",
                        "{\"jsonrpc\":\"2.0\",\"id\":4,",
                        "application/json",
                        accept,
                        400,
                        -32700,
                        null,
                        "Parse error: the request body is not valid JSON"),
                new Case("an empty body", "", "application/json", accept, 400, -32700, null, "body is empty"),
                new Case(
                        "trailing content",
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} {}",
                        "application/json",
                        accept,
                        400,
                        -32700,
                        null,
                        "more content after the JSON value"),
                new Case("a JSON number", "42", "application/json", accept, 400, -32600, null, "got a JSON number"),
                new Case("JSON null", "null", "application/json", accept, 400, -32600, null, "got a JSON null"),
                new Case(
                        "a batch",
                        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]",
                        "application/json",
                        accept,
                        400,
                        -32600,
                        null,
                        "batches"),
                new Case(
                        "JSON-RPC 1.0",
                        "{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"tools/list\"}",
                        "application/json",
                        accept,
                        400,
                        -32600,
                        "7",
                        "\"jsonrpc\" must be \"2.0\""),
                new Case(
                        "no version",
                        "{\"id\":\"a\",\"method\":\"tools/list\"}",
                        "application/json",
                        accept,
                        400,
                        -32600,
                        "\"a\"",
                        "it is missing"),
                new Case(
                        "no method",
                        "{\"jsonrpc\":\"2.0\",\"id\":9}",
                        "application/json",
                        accept,
                        400,
                        -32600,
                        "9",
                        "\"method\" is missing"),
                new Case(
                        "an object id",
                        "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}",
                        "application/json",
                        accept,
                        400,
                        -32600,
                        null,
                        "\"id\" must be a string or a number"),
                new Case(
                        "a response",
                        "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}",
                        "application/json",
                        accept,
                        400,
                        -32600,
                        "3",
                        "server sends no requests"),
                new Case(
                        "array params",
                        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":[1]}",
                        "application/json",
                        accept,
                        400,
                        -32602,
                        "5",
                        "\"params\" must be a JSON object"),
                new Case(
                        "a tool call without a name",
                        "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"arguments\":{}}}",
                        "application/json",
                        accept,
                        400,
                        -32602,
                        "6",
                        "\"name\" is missing"),
                new Case(
                        "an unknown method",
                        "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"no/such\"}",
                        "application/json",
                        accept,
                        200,
                        -32601,
                        "8",
                        "no/such"),
                new Case(
                        "params the handler cannot read",
                        "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"initialize\",\"params\":{\"protocolVersion\":{\"a\":1}}}",
                        "application/json",
                        accept,
                        200,
                        -32603,
                        "10",
                        "report the requestId"),
                new Case(
                        "no Accept header",
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                        "application/json",
                        null,
                        400,
                        -32600,
                        null,
                        "Accept header"),
                new Case(
                        "a text body",
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                        "text/plain",
                        accept,
                        415,
                        -32600,
                        null,
                        "Content-Type must be application/json"));
        for (Case c : cases) {
            var r = post(c.body(), c.contentType(), c.accept());
            assertThat(r.statusCode()).as("%s: %s", c.name(), r.body()).isEqualTo(c.status());
            assertThat(r.headers().firstValue("Content-Type")).as(c.name()).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("application/json"));
            assertThat(r.body())
                    .as(c.name())
                    .doesNotContain("stackTrace", "className", "jsonRpcError", "io.modelcontextprotocol", "java.");
            var json = JSON.readTree(r.body());
            assertThat(json.get("jsonrpc").asString()).as(c.name()).isEqualTo("2.0");
            assertThat(json.get("id").toString()).as(c.name()).isEqualTo(c.id() == null ? "null" : c.id());
            assertThat(json.get("error").get("code").asInt())
                    .as("%s: %s", c.name(), r.body())
                    .isEqualTo(c.code());
            assertThat(json.get("error").get("message").asString()).as(c.name()).contains(c.says());
            assertThat(json.has("result")).as(c.name()).isFalse();
        }
    }
}
