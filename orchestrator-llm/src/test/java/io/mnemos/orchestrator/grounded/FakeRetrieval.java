package io.mnemos.orchestrator.grounded;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * PROTOCOL TEST DOUBLE: a local JDK {@link HttpServer} that answers {@code POST /v1/grounding/verify} and
 * {@code POST /v1/collections/{c}/search} in retrieval-service's JSON shapes (the real gate is tested in
 * retrieval-service). A sentence is flagged when {@link #flag} says so; search returns one passage per query. Records
 * every request (path, JSON body, tenant header) so tests can check the loop's calls.
 */
final class FakeRetrieval implements AutoCloseable {
    static final String TENANT_HEADER = "X-Test-Tenant";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Call(String path, JsonNode body, String tenant) {}

    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile Predicate<String> flag = s -> false;
    volatile int verifyStatus = 200;
    private final HttpServer server;

    FakeRetrieval() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Call> calls(String pathPrefix) {
        return calls.stream().filter(c -> c.path().startsWith(pathPrefix)).toList();
    }

    List<String> verifiedSentences() {
        return calls("/v1/grounding/verify").stream()
                .map(c -> c.body().path("text").asString())
                .toList();
    }

    /** The signed service client's stand-in: JSON over HTTP, the tenant in a header, non-2xx thrown. */
    ServicePoster poster() {
        HttpClient http = HttpClient.newHttpClient();
        return (base, path, body, tenant) -> {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .header("Content-Type", "application/json")
                                .header(TENANT_HEADER, tenant)
                                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() >= 300) {
                    throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
                }
                return JSON.readTree(r.body());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        JsonNode body = JSON.readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        calls.add(new Call(path, body, ex.getRequestHeaders().getFirst(TENANT_HEADER)));
        int status = 200;
        String json;
        if (path.equals("/v1/grounding/verify")) {
            status = verifyStatus;
            json = status == 200 ? verify(body.path("text").asString()) : "{\"detail\":\"boom\"}";
        } else if (path.startsWith("/v1/collections/") && path.endsWith("/search")) {
            String q = body.path("query").asString();
            String id = "c-" + Integer.toHexString(q.hashCode());
            json = JSON.writeValueAsString(java.util.Map.of(
                    "hits",
                    List.of(java.util.Map.of(
                            "documentId", "doc-" + id,
                            "chunkId", id,
                            "title", "On " + q,
                            "text", "The record says plainly that " + q + " is not so.",
                            "score", 1.0))));
        } else {
            status = 404;
            json = "{\"detail\":\"no such path\"}";
        }
        byte[] out = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    /** One sentence, one pair claim on its first word, flagged when {@link #flag} says so. */
    private String verify(String text) {
        boolean flagged = flag.test(text);
        String[] words = text.split("\\s+");
        String head = words[0].replaceAll("[^A-Za-z0-9]", "");
        String relation = words.length > 1 ? words[1].replaceAll("[^A-Za-z0-9]", "") : "";
        String query = (head + " " + relation).strip();
        boolean answer = text.toLowerCase(Locale.ROOT).contains("the answer is");
        var claim = new java.util.LinkedHashMap<String, Object>();
        claim.put("kind", "pair");
        claim.put("head", head);
        claim.put("relation", relation);
        claim.put("query", head);
        claim.put("count", flagged ? 0 : 42);
        claim.put("approx", false);
        claim.put("threshold", 1.0);
        claim.put("flagged", flagged);
        claim.put("rule", flagged ? "count(" + head + ") = 0 < 1" : "count(" + head + ") = 42 >= 1");
        if (flagged) {
            claim.put("retrievalQuery", query);
        }
        var sentence = new java.util.LinkedHashMap<String, Object>();
        sentence.put("index", 0);
        sentence.put("text", text);
        sentence.put("status", answer && !flagged ? "answer" : "checked");
        sentence.put("flagged", flagged);
        sentence.put("claims", List.of(claim));
        var r = new java.util.LinkedHashMap<String, Object>();
        r.put("entitySource", "extracted");
        r.put("flagged", flagged);
        r.put("cleanText", flagged ? "" : text);
        r.put("queries", flagged ? List.of(query) : List.of());
        r.put("sentences", List.of(sentence));
        r.put("thresholds", java.util.Map.of("binaryTupleThreshold", 1, "ternaryTupleThreshold", 1));
        r.put("engineMillis", 0.1);
        r.put("tookMillis", 0.2);
        return JSON.writeValueAsString(r);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
