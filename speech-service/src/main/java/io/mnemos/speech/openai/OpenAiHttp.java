package io.mnemos.speech.openai;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Shared plumbing for OpenAI-compatible audio endpoints: base URL, bearer key, multipart bodies. */
public final class OpenAiHttp {
    /**
     * Where and how to call an OpenAI-compatible server.
     *
     * @param baseUrl server root, e.g. {@code http://127.0.0.1:8000} (paths {@code /v1/audio/...} are appended)
     * @param apiKey  bearer token, or blank for none
     * @param model   model name sent with each request
     * @param timeout per-request timeout
     */
    public record Endpoint(URI baseUrl, String apiKey, String model, Duration timeout) {
        public Endpoint {
            if (baseUrl == null) {
                throw new IllegalArgumentException("baseUrl required");
            }
            timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        }

        /** {@code baseUrl} + {@code path}, without a doubled slash. */
        public URI resolve(String path) {
            String b = baseUrl.toString();
            return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
        }

        HttpRequest.Builder request(String path) {
            HttpRequest.Builder r = HttpRequest.newBuilder(resolve(path)).timeout(timeout);
            if (apiKey != null && !apiKey.isBlank()) {
                r.header("Authorization", "Bearer " + apiKey);
            }
            return r;
        }
    }

    private OpenAiHttp() {}

    static HttpClient client() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** A multipart/form-data body: text fields, then one file part. */
    static Multipart multipart(
            Map<String, String> fields, String fileField, String fileName, String type, byte[] file) {
        String boundary = "mnemos-" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length + 512);
        for (var f : fields.entrySet()) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                            + f.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                        + fileName + "\"\r\nContent-Type: " + type + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Multipart("multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    record Multipart(String contentType, byte[] body) {}

    /** A server answered with an error status. Retriable for 408, 429 and 5xx. */
    public static final class RemoteAudioException extends RuntimeException {
        private final int status;

        RemoteAudioException(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The HTTP status, or 0 for a transport failure. */
        public int status() {
            return status;
        }

        /** Whether trying again later may succeed. */
        public boolean retriable() {
            return status == 0 || status == 408 || status == 429 || status >= 500;
        }
    }

    static RemoteAudioException failure(String what, int status, String body) {
        String snippet = body == null ? "" : body.substring(0, Math.min(300, body.length()));
        return new RemoteAudioException(what + " failed with HTTP " + status + ": " + snippet, status);
    }
}
