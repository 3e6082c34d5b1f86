package io.mnemos.vision.images;

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
import java.util.Base64;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the image API that signs requests as a tenant the way the gateway does. */
final class ApiClient {
    static final String SECRET = "vision-it-internal-secret-0123456789abcdef";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** A response: status, content type and body as JSON (null if empty). */
    record Response(int status, String contentType, @Nullable JsonNode json, String body) {
        String problemType() {
            return json == null || json.get("type") == null
                    ? ""
                    : json.get("type").asString();
        }
    }

    static String token(String tenant) {
        return InternalToken.sign(
                Identity.of(tenant, "it-client", "vision:read", "vision:write"),
                InternalToken.secret(SECRET),
                Instant.now().plusSeconds(300));
    }

    Response multipart(String tenant, @Nullable byte[] file, @Nullable String filename, @Nullable String question)
            throws IOException, InterruptedException {
        String boundary = "----mnemos" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (file != null) {
            part(
                    body,
                    boundary,
                    "Content-Disposition: form-data; name=\"file\"; filename=\""
                            + (filename == null ? "upload.bin" : filename)
                            + "\"\r\nContent-Type: application/octet-stream",
                    file);
        }
        if (question != null) {
            part(
                    body,
                    boundary,
                    "Content-Disposition: form-data; name=\"question\"",
                    question.getBytes(StandardCharsets.UTF_8));
        }
        if (file == null && question == null) {
            part(body, boundary, "Content-Disposition: form-data; name=\"note\"", "no image".getBytes());
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return send(
                tenant,
                HttpRequest.newBuilder(URI.create(base + "/v1/images"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private static void part(ByteArrayOutputStream out, String boundary, String headers, byte[] content)
            throws IOException {
        out.write(("--" + boundary + "\r\n" + headers + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    Response json(String tenant, byte[] image, @Nullable String filename, @Nullable String question)
            throws IOException, InterruptedException {
        var node = JSON.createObjectNode().put("data", Base64.getEncoder().encodeToString(image));
        if (filename != null) {
            node.put("filename", filename);
        }
        if (question != null) {
            node.put("question", question);
        }
        return jsonBody(tenant, JSON.writeValueAsString(node));
    }

    Response jsonBody(String tenant, String body) throws IOException, InterruptedException {
        return send(
                tenant,
                HttpRequest.newBuilder(URI.create(base + "/v1/images"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response get(String tenant, String path) throws IOException, InterruptedException {
        return send(tenant, HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response delete(String tenant, String path) throws IOException, InterruptedException {
        return send(tenant, HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    Response send(@Nullable String tenant, HttpRequest.Builder request) throws IOException, InterruptedException {
        if (tenant != null) {
            request.header(InternalToken.HEADER, token(tenant));
        }
        HttpResponse<String> r =
                http.send(request.timeout(Duration.ofMinutes(3)).build(), HttpResponse.BodyHandlers.ofString());
        String ct = r.headers().firstValue("Content-Type").orElse("");
        JsonNode json = r.body().isBlank() ? null : JSON.readTree(r.body());
        return new Response(r.statusCode(), ct, json, r.body());
    }
}
