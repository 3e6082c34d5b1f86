package io.mnemos.retrieval.collection;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the collections API that signs requests as a tenant the way the gateway does. */
final class ApiClient {
    static final String SECRET = "retrieval-it-internal-secret-0123456789abcdef";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** A response: status, content type, body as JSON (null if empty), raw body and Location header. */
    record Response(int status, String contentType, @Nullable JsonNode json, String body, @Nullable String location) {
        String problemType() {
            return json == null || json.get("type") == null
                    ? ""
                    : json.get("type").asString();
        }
    }

    static String token(String tenant, String... scopes) {
        return InternalToken.sign(
                Identity.of(tenant, "it-client", scopes),
                InternalToken.secret(SECRET),
                Instant.now().plusSeconds(300));
    }

    Response post(String tenant, String path, String contentType, String body)
            throws IOException, InterruptedException {
        return send(
                tenant,
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response postJson(String tenant, String path, Object body) throws IOException, InterruptedException {
        return post(tenant, path, "application/json", body instanceof String s ? s : JSON.writeValueAsString(body));
    }

    Response upload(String tenant, String path, String fileName, String contentType, byte[] content)
            throws IOException, InterruptedException {
        String boundary = "----mnemos" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return send(
                tenant,
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    Response get(String tenant, String path) throws IOException, InterruptedException {
        return send(tenant, HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response delete(String tenant, String path) throws IOException, InterruptedException {
        return send(tenant, HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    Response send(String tenant, HttpRequest.Builder request) throws IOException, InterruptedException {
        request.header(InternalToken.HEADER, token(tenant, "documents:read", "documents:write"));
        HttpResponse<String> r =
                http.send(request.timeout(Duration.ofMinutes(3)).build(), HttpResponse.BodyHandlers.ofString());
        String ct = r.headers().firstValue("Content-Type").orElse("");
        JsonNode json = r.body().isBlank() || !ct.contains("json") ? null : JSON.readTree(r.body());
        return new Response(
                r.statusCode(),
                ct,
                json,
                r.body(),
                r.headers().firstValue("Location").orElse(null));
    }
}
