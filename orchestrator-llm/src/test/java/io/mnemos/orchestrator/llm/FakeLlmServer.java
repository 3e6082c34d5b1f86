package io.mnemos.orchestrator.llm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP endpoint for protocol tests: records every request and answers each with the next scripted
 * {@link Responder} (HTTP 599 with a message when the script is exhausted, so a surprise request is visible).
 */
final class FakeLlmServer implements AutoCloseable {

    /** One recorded request. */
    record Request(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }

    /** Answers one exchange. */
    @FunctionalInterface
    interface Responder {
        void respond(HttpExchange ex) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Responder> script = new ConcurrentLinkedQueue<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeLlmServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                requests.add(new Request(
                        ex.getRequestMethod(), ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()), body));
                Responder r = script.poll();
                if (r == null) {
                    r = json(599, "{\"error\":\"no scripted response\"}");
                }
                r.respond(ex);
            } catch (IOException | InterruptedException e) {
                // the client went away (cancelled stream, timeout): nothing to answer
            }
        });
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    FakeLlmServer then(Responder... rs) {
        script.addAll(List.of(rs));
        return this;
    }

    static Responder json(int status, String body) {
        return ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
        };
    }

    /** Server-sent events: each payload as {@code data: <payload>}, flushed, with a pause after each. */
    static Responder sse(long pauseMillis, String... payloads) {
        return streamed("text/event-stream", pauseMillis, payloads, p -> "data: " + p + "\n\n");
    }

    /** Newline-delimited JSON (Ollama's streaming format). */
    static Responder ndjson(long pauseMillis, String... lines) {
        return streamed("application/x-ndjson", pauseMillis, lines, l -> l + "\n");
    }

    /** Sends headers, then nothing for a long time. */
    static Responder silence(long millis) {
        return ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().flush();
            Thread.sleep(millis);
        };
    }

    private static Responder streamed(
            String type, long pauseMillis, String[] items, java.util.function.Function<String, String> frame) {
        return ex -> {
            ex.getResponseHeaders().add("Content-Type", type);
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (String item : items) {
                out.write(frame.apply(item).getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
