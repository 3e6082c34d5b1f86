package io.mnemos.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server standing in for every service behind the gateway: it echoes what it received (path, method,
 * the forwarded identity token and request id, headers a client tried to forge), serves a small OpenAPI document, and
 * answers {@code /v1/images/slow} late, for timeout tests, {@code /v1/images/fail} with a 500 problem, and {@code
 * /v1/chat/stream} with a chunked event stream.
 */
public final class StubService implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    /** The identity header of the last request received. */
    public final AtomicReference<String> lastIdentity = new AtomicReference<>();

    public StubService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            if (path.equals("/v3/api-docs")) {
                send(ex, 200, "application/json", OPENAPI);
                return;
            }
            if (path.equals("/v1/chat/stream")) {
                stream(ex);
                return;
            }
            if (path.equals("/v1/chat/endless")) {
                endless(ex);
                return;
            }
            var refuse = REFUSE.matcher(path);
            if (refuse.matches()) {
                // A service refusing a WebSocket upgrade answers with a problem instead of 101.
                int status = Integer.parseInt(refuse.group(1));
                send(ex, status, "application/problem+json", refusal(status));
                return;
            }
            if (path.equals("/v1/images/fail")) {
                send(ex, 500, "application/problem+json", FAILURE);
                return;
            }
            if (path.equals("/v1/images/slow")) {
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String identity = ex.getRequestHeaders().getFirst("X-Mnemos-Identity");
            lastIdentity.set(identity);
            var body = new java.util.LinkedHashMap<String, Object>();
            body.put("path", path);
            body.put("query", ex.getRequestURI().getRawQuery());
            body.put("method", ex.getRequestMethod());
            body.put("identity", identity);
            body.put(
                    "identityHeaders",
                    ex.getRequestHeaders()
                            .getOrDefault("X-Mnemos-Identity", java.util.List.of())
                            .size());
            body.put("requestId", ex.getRequestHeaders().getFirst("X-Request-Id"));
            body.put("authorization", ex.getRequestHeaders().getFirst("Authorization"));
            body.put("apiKey", ex.getRequestHeaders().getFirst("X-API-Key"));
            send(ex, 200, "application/json", JSON.writeValueAsString(body));
        }
    }

    /** Opens the stream's gate: {@code /v1/chat/stream} sends its second event only then. */
    public void releaseStream() {
        streamGate.countDown();
    }

    /** Whether the last stream's second event waited for {@link #releaseStream} (false: it gave up after 10 s). */
    public final AtomicReference<Boolean> streamReleased = new AtomicReference<>();

    private volatile CountDownLatch streamGate = new CountDownLatch(1);

    /**
     * An SSE answer without a length (chunked): one event, then a second once the test has seen the first through the
     * gateway. A proxy that held the body back until its end would make the stub wait out its 10 s.
     */
    private void stream(HttpExchange ex) throws IOException {
        CountDownLatch gate = new CountDownLatch(1);
        streamGate = gate;
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        var out = ex.getResponseBody();
        out.write("data: one\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        try {
            streamReleased.set(gate.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.write("data: two\n\n".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether the last {@code /v1/chat/endless} stream found its connection closed (a write failed) within 3 s of the
     * first event; {@code false} if every write went through.
     */
    public final AtomicReference<Boolean> endlessClosed = new AtomicReference<>();

    /** An SSE answer that goes on (an event every 20 ms) until its connection is closed, for at most 3 s. */
    private void endless(HttpExchange ex) throws IOException {
        endlessClosed.set(null);
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        var out = ex.getResponseBody();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        try {
            for (int i = 0; System.nanoTime() < end; i++) {
                out.write(("data: " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(20);
            }
            endlessClosed.set(false);
        } catch (IOException e) {
            endlessClosed.set(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** {@code /v1/sessions/refuse-<status>/stream}: the upgrade is refused with that status and {@link #refusal}. */
    private static final java.util.regex.Pattern REFUSE =
            java.util.regex.Pattern.compile("/v1/sessions/refuse-(\\d{3})/stream");

    /** The problem+json a refused upgrade answers with. */
    public static String refusal(int status) {
        return "{\"type\":\"https://mnemos.io/problems/stub-" + status + "\",\"title\":\"Refused\",\"status\":" + status
                + ",\"detail\":\"The stub refused this WebSocket with " + status + ".\"}";
    }

    /** What {@code /v1/images/fail} answers (status 500). */
    public static final String FAILURE_TITLE = "Stub failure";

    public static final String FAILURE_DETAIL = "The stub service failed on purpose.";
    static final String FAILURE = "{\"type\":\"https://mnemos.io/problems/internal-error\",\"title\":\"" + FAILURE_TITLE
            + "\",\"status\":500,\"detail\":\"" + FAILURE_DETAIL + "\"}";

    static final String OPENAPI =
            """
            {"openapi":"3.1.0","info":{"title":"stub","version":"v1"},
             "servers":[{"url":"http://127.0.0.1:9999"}],
             "security":[{"mnemosIdentity":[]}],
             "components":{"securitySchemes":{"mnemosIdentity":{"type":"apiKey","in":"header","name":"X-Mnemos-Identity"}},
               "schemas":{"Problem":{"type":"object"}}},
             "paths":{"/v1/images/{id}":{"get":{"operationId":"get","responses":{
               "200":{"description":"ok"},
               "401":{"description":"No valid identity: the request did not come through the gateway"}}}}}}
            """;
}
