package io.mnemos.orchestrator.mcp;

import io.mnemos.contracts.json.JsonErrors;
import io.mnemos.web.problem.ProblemException;
import io.mnemos.web.problem.ProblemResponses;
import io.mnemos.web.tracing.RequestIds;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The servlet at {@code /mcp}: the SDK's stateless transport behind a guard that makes every refusal a JSON-RPC 2.0
 * error object ({@code {"jsonrpc":"2.0","id":…,"error":{"code":…,"message":…}}}).
 *
 * <p>The SDK transport answers a message it cannot read by serialising its {@code McpError} <em>exception</em> with
 * Jackson: a body with the exception's stack trace (class names, line numbers, the JDK version) and {@code
 * jsonRpcError} instead of {@code error}, and the same "Invalid message format" for every mistake. So this servlet
 * checks each POST first — media types, then the body: JSON at all ({@code -32700} parse error, saying what and
 * where), one message object ({@code -32600}; batches are not part of MCP), {@code "jsonrpc":"2.0"}, the {@code id}
 * and {@code method} types, {@code params} an object, the {@code tools/call} parameters ({@code -32602}) — and hands
 * only a well-formed request or notification to the transport. What the transport still writes is checked on the way
 * out: an {@code McpError} body becomes a JSON-RPC error, and an internal error ({@code -32603}, a 5xx) is answered
 * with a generic message and the request id, its cause only logged. Methods other than POST are a 405 problem that
 * says how to call the endpoint. Unknown methods are the SDK's own JSON-RPC {@code -32601} answer.
 */
final class McpEndpointServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(McpEndpointServlet.class);
    private static final String JSON = "application/json";
    private static final String EVENT_STREAM = "text/event-stream";
    private static final int MAX_DETAIL = 300;

    static final int PARSE_ERROR = McpSchema.ErrorCodes.PARSE_ERROR;
    static final int INVALID_REQUEST = McpSchema.ErrorCodes.INVALID_REQUEST;
    static final int INVALID_PARAMS = McpSchema.ErrorCodes.INVALID_PARAMS;
    static final int INTERNAL_ERROR = McpSchema.ErrorCodes.INTERNAL_ERROR;

    static final String USE_POST = "The MCP endpoint takes one JSON-RPC 2.0 message per POST, with Content-Type:"
            + " application/json and Accept: application/json, text/event-stream (e.g. {\"jsonrpc\":\"2.0\",\"id\":1,"
            + "\"method\":\"tools/list\"}). It is stateless: there is no event stream to GET and no session to DELETE.";

    private final HttpServletStatelessServerTransport transport;
    private final JsonMapper json;
    /** Reads the first JSON value only, so that content after it can be reported as such. */
    private final ObjectReader oneValue;

    private final ProblemResponses problems;

    McpEndpointServlet(HttpServletStatelessServerTransport transport, JsonMapper json, ProblemResponses problems) {
        this.transport = transport;
        this.json = json;
        this.oneValue = json.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.problems = problems;
    }

    /** The SDK transport behind this servlet, for the MCP server to attach its handler to. */
    HttpServletStatelessServerTransport transport() {
        return transport;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        transport.init(config);
    }

    @Override
    public void destroy() {
        transport.destroy();
        super.destroy();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (!"POST".equals(request.getMethod())) {
            ProblemException notAllowed = new ProblemException(
                    HttpStatus.METHOD_NOT_ALLOWED,
                    "method-not-allowed",
                    "Method Not Allowed",
                    request.getMethod() + " is not supported here. " + USE_POST);
            notAllowed.getHeaders().set(HttpHeaders.ALLOW, "POST");
            problems.write(request, response, notAllowed);
            return;
        }
        if (!isJson(request.getContentType())) {
            writeError(
                    request,
                    response,
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE.value(),
                    null,
                    INVALID_REQUEST,
                    "Invalid Request: the Content-Type must be application/json, got "
                            + (request.getContentType() == null ? "none" : "'" + clip(request.getContentType()) + "'")
                            + ". Send one JSON-RPC 2.0 message object.",
                    null);
            return;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null || !(accept.contains(JSON) && accept.contains(EVENT_STREAM))) {
            writeError(
                    request,
                    response,
                    HttpStatus.BAD_REQUEST.value(),
                    null,
                    INVALID_REQUEST,
                    "Invalid Request: the Accept header must list both application/json and text/event-stream (MCP"
                            + " Streamable HTTP), got " + (accept == null ? "none" : "'" + clip(accept) + "'") + ".",
                    null);
            return;
        }

        // A body over the platform's size limit fails here; RequestSizeLimitFilter answers it with a 413 problem.
        byte[] body = request.getInputStream().readAllBytes();
        Checked checked = check(body);
        if (checked.error() != null) {
            writeError(
                    request,
                    response,
                    HttpStatus.BAD_REQUEST.value(),
                    checked.id(),
                    checked.code(),
                    checked.error(),
                    null);
            return;
        }

        ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
        transport.service(new ReplayedRequest(request, body), buffered);
        answer(request, response, buffered, checked.id());
    }

    // ---- the request ---------------------------------------------------------------------------------------------

    /**
     * The outcome of checking a body: a JSON-RPC error code and message, or none; the request's {@code id} when it
     * is a valid one (to echo in an error), else null.
     */
    record Checked(int code, @Nullable String error, @Nullable JsonNode id) {
        static Checked ok(@Nullable JsonNode id) {
            return new Checked(0, null, id);
        }

        static Checked fail(int code, String error, @Nullable JsonNode id) {
            return new Checked(code, error, id);
        }
    }

    Checked check(byte[] body) {
        if (isBlank(body)) {
            return Checked.fail(
                    PARSE_ERROR,
                    "Parse error: the request body is empty. Send one JSON-RPC 2.0 message, e.g."
                            + " {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}.",
                    null);
        }
        JsonNode message;
        try (JsonParser parser = oneValue.createParser(body)) {
            message = oneValue.readValue(parser);
            if (parser.nextToken() != null) {
                return Checked.fail(
                        PARSE_ERROR,
                        "Parse error: there is more content after the JSON value"
                                + where(
                                        parser.currentTokenLocation().getLineNr(),
                                        parser.currentTokenLocation().getColumnNr())
                                + ". Send exactly one JSON-RPC 2.0 message object.",
                        null);
            }
        } catch (JacksonException e) {
            return Checked.fail(
                    PARSE_ERROR,
                    "Parse error: the request body is not valid JSON (" + JsonErrors.reason(e) + where(e)
                            + "). Send one JSON-RPC 2.0 message object.",
                    null);
        }

        if (message == null) {
            message = JsonNodeFactory.instance.nullNode();
        }
        if (message.isArray()) {
            return Checked.fail(
                    INVALID_REQUEST,
                    "Invalid Request: batches (JSON arrays) are not supported. Send one JSON-RPC 2.0 message object"
                            + " per POST.",
                    null);
        }
        if (!message.isObject()) {
            return Checked.fail(
                    INVALID_REQUEST,
                    "Invalid Request: the body must be a JSON-RPC 2.0 message object, got a JSON "
                            + message.getNodeType().name().toLowerCase(Locale.ROOT) + ".",
                    null);
        }

        JsonNode id = message.get("id");
        JsonNode echo = id != null && (id.isString() || id.isNumber()) ? id : null;
        JsonNode version = message.get("jsonrpc");
        if (version == null || !version.isString() || !"2.0".equals(version.asString())) {
            return Checked.fail(
                    INVALID_REQUEST,
                    "Invalid Request: \"jsonrpc\" must be \"2.0\", "
                            + (version == null ? "it is missing" : "got " + clip(version.toString())) + ".",
                    echo);
        }
        if (id != null && echo == null) {
            return Checked.fail(
                    INVALID_REQUEST,
                    "Invalid Request: \"id\" must be a string or a number, got " + clip(id.toString()) + ".",
                    null);
        }
        JsonNode method = message.get("method");
        if (method == null) {
            if (message.has("result") || message.has("error")) {
                return Checked.fail(
                        INVALID_REQUEST,
                        "Invalid Request: this is a JSON-RPC response, but the server sends no requests. Send a"
                                + " request or a notification (with a \"method\").",
                        echo);
            }
            return Checked.fail(
                    INVALID_REQUEST,
                    "Invalid Request: \"method\" is missing. Name the method to call, e.g. \"tools/list\".",
                    echo);
        }
        if (!method.isString() || method.asString().isBlank()) {
            return Checked.fail(
                    INVALID_REQUEST,
                    "Invalid Request: \"method\" must be a non-empty string, got " + clip(method.toString()) + ".",
                    echo);
        }
        JsonNode params = message.get("params");
        if (params != null && !params.isObject()) {
            return Checked.fail(
                    INVALID_PARAMS,
                    "Invalid params: \"params\" must be a JSON object, got " + clip(params.toString()) + ".",
                    echo);
        }
        if (McpSchema.METHOD_TOOLS_CALL.equals(method.asString())) {
            JsonNode name = params == null ? null : params.get("name");
            if (name == null || !name.isString() || name.asString().isBlank()) {
                return Checked.fail(
                        INVALID_PARAMS,
                        "Invalid params: tools/call needs \"params\": {\"name\": <tool name>, \"arguments\": {…}}; "
                                + (name == null ? "\"name\" is missing" : "\"name\" must be a non-empty string")
                                + ". List the tools with tools/list.",
                        echo);
            }
            JsonNode arguments = params.get("arguments");
            if (arguments != null && !arguments.isObject() && !arguments.isNull()) {
                return Checked.fail(
                        INVALID_PARAMS,
                        "Invalid params: \"arguments\" must be a JSON object, got " + clip(arguments.toString()) + ".",
                        echo);
            }
        }
        return Checked.ok(echo);
    }

    private static String where(JacksonException e) {
        String at = JsonErrors.location(e);
        return at.isEmpty() ? "" : " at " + at;
    }

    private static String where(int line, int column) {
        return line < 1 ? "" : " at line " + line + ", column " + column;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static boolean isJson(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.equalsIgnoreCase(JSON);
    }

    private static String clip(String s) {
        return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL - 3) + "...";
    }

    // ---- the response --------------------------------------------------------------------------------------------

    /**
     * Sends what the transport wrote, unless it is the SDK's serialised {@code McpError} (rewritten as a JSON-RPC
     * error) or an internal error (rewritten with a generic message; the cause is logged).
     */
    private void answer(
            HttpServletRequest request,
            HttpServletResponse response,
            ContentCachingResponseWrapper buffered,
            @Nullable JsonNode id)
            throws IOException {
        int status = buffered.getStatus();
        byte[] content = buffered.getContentAsByteArray();
        JsonNode written = null;
        // A success carries no error to rewrite: only a failed status, or a body that names an error, is read back.
        String text = status >= 400 ? "" : new String(content, StandardCharsets.ISO_8859_1);
        boolean mayBeError = status >= 400 || text.contains("\"error\"") || text.contains("\"jsonRpcError\"");
        if (mayBeError && content.length > 0 && isJson(buffered.getContentType())) {
            try {
                written = json.readTree(content);
            } catch (JacksonException e) {
                written = null;
            }
        }
        JsonNode sdkError = written == null ? null : written.get("jsonRpcError");
        if (sdkError != null && sdkError.isObject()) {
            // The transport's McpError, serialised as an exception (stack trace and all).
            int code = sdkError.path("code").asInt(INTERNAL_ERROR);
            String message = sdkError.path("message").asString("");
            if (status >= 500 || code == INTERNAL_ERROR) {
                internalError(request, response, Math.max(status, 500), id, message);
            } else {
                writeError(request, response, status >= 400 ? status : 400, id, code, message, null);
            }
            return;
        }
        if (status >= 400 && content.length > 0 && (written == null || !written.has("jsonrpc"))) {
            // Anything else the transport failed with: never pass an unknown error body on.
            if (status >= 500) {
                internalError(request, response, status, id, "HTTP " + status);
            } else {
                writeError(request, response, status, id, INVALID_REQUEST, "Invalid Request.", null);
            }
            return;
        }
        JsonNode error = written == null ? null : written.get("error");
        if (error != null && error.path("code").asInt() == INTERNAL_ERROR) {
            // The SDK answers a failure in a handler with the exception's message: logged, not sent.
            internalError(
                    request,
                    response,
                    status,
                    written.get("id"),
                    error.path("message").asString(""));
            return;
        }
        buffered.copyBodyToResponse();
    }

    private void internalError(
            HttpServletRequest request, HttpServletResponse response, int status, @Nullable JsonNode id, String cause) {
        String requestId = RequestIds.of(request);
        log.warn("MCP request failed with an internal error (requestId={}): {}", requestId, cause);
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        if (requestId != null) {
            data.put(ProblemResponses.REQUEST_ID_PROPERTY, requestId);
        }
        try {
            writeError(
                    request,
                    response,
                    status,
                    id,
                    INTERNAL_ERROR,
                    "Internal error: the server could not complete this request. Retry later; if it persists,"
                            + " report the requestId.",
                    data.isEmpty() ? null : data);
        } catch (IOException e) {
            log.debug("Could not send the MCP internal error (requestId={})", requestId, e);
        }
    }

    private void writeError(
            HttpServletRequest request,
            HttpServletResponse response,
            int status,
            @Nullable JsonNode id,
            int code,
            String message,
            @Nullable JsonNode data)
            throws IOException {
        if (response.isCommitted()) {
            log.debug(
                    "Response already committed; cannot send JSON-RPC error {} for {}", code, request.getRequestURI());
            return;
        }
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("code", code);
        error.put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("jsonrpc", McpSchema.JSONRPC_VERSION);
        body.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
        body.set("error", error);
        byte[] bytes = json.writeValueAsBytes(body);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(JSON);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        response.flushBuffer();
    }

    /** The request with its body, already read here, readable once more by the transport. */
    private static final class ReplayedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        ReplayedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
