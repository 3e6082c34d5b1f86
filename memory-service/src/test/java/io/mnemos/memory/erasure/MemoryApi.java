package io.mnemos.memory.erasure;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for memory-service that signs each request as a tenant, the way the gateway does. */
public final class MemoryApi {
    public static final String SECRET = "memory-it-internal-secret-0123456789abcdef";
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public MemoryApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** A response: status, content type, headers we care about and the body as JSON (null if empty). */
    public record Response(
            int status, String contentType, @Nullable String etag, @Nullable JsonNode json, String body) {
        public String problemType() {
            return json == null || json.get("type") == null
                    ? ""
                    : json.get("type").asString();
        }

        public boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }
    }

    public static String token(String tenant) {
        return InternalToken.sign(
                Identity.of(tenant, "it-client", "memory:read", "memory:write", "memory:erase"),
                InternalToken.secret(SECRET),
                Instant.now().plusSeconds(600));
    }

    public Response get(String tenant, String path) throws IOException, InterruptedException {
        return send(tenant, HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response delete(String tenant, String path) throws IOException, InterruptedException {
        return send(tenant, HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public Response post(String tenant, String path, String json) throws IOException, InterruptedException {
        return send(
                tenant,
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response put(String tenant, String path, @Nullable String ifMatch, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return send(tenant, b);
    }

    public Response send(@Nullable String tenant, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        if (tenant != null) {
            request.header(InternalToken.HEADER, token(tenant));
        }
        HttpResponse<String> r =
                http.send(request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        String ct = r.headers().firstValue("Content-Type").orElse("");
        JsonNode json = r.body().isBlank() ? null : JSON.readTree(r.body());
        return new Response(r.statusCode(), ct, r.headers().firstValue("ETag").orElse(null), json, r.body());
    }
}
