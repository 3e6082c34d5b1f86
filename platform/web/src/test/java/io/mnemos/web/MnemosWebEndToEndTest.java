package io.mnemos.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.web.testapp.SampleController;
import io.mnemos.web.testapp.WebTestApplication;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The whole of mnemos-web in a running service (embedded Tomcat, real HTTP). */
@SpringBootTest(
        classes = WebTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.application.name=web-test",
            "mnemos.security.internal-secret=" + MnemosWebEndToEndTest.SECRET,
            "mnemos.web.max-request-size=2KB"
        })
@ExtendWith(OutputCaptureExtension.class)
class MnemosWebEndToEndTest {
    static final String SECRET = "test-secret-0123456789abcdef-0123456789";
    static final Identity WRITER = new Identity("acme", "key:writer", Set.of("items:read", "items:write"));
    static final Identity READER = new Identity("acme", "key:reader", Set.of("items:read"));
    static final Identity ADMIN = new Identity("acme", "key:admin", Set.of("admin"));

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final JsonMapper JSON = JsonMapper.shared();

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    MultipartProperties multipart;

    // ---- helpers ---------------------------------------------------------------------------------------------

    record Reply(int status, HttpResponse<String> response) {
        String body() {
            return response.body();
        }

        @Nullable
        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        JsonNode json() {
            return JSON.readTree(body());
        }
    }

    static String token(Identity id) {
        return InternalToken.sign(
                id, InternalToken.secret(SECRET), Instant.now().plusSeconds(60));
    }

    Reply call(
            String method,
            String path,
            @Nullable Identity as,
            @Nullable String contentType,
            BodyPublisher body,
            String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body);
        if (as != null) {
            b.header(InternalToken.HEADER, token(as));
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r);
    }

    Reply get(String path, @Nullable Identity as, String... headers) throws Exception {
        return call("GET", path, as, null, BodyPublishers.noBody(), headers);
    }

    Reply postJson(String path, @Nullable Identity as, String json) throws Exception {
        return call("POST", path, as, "application/json", BodyPublishers.ofString(json));
    }

    /** A body without Content-Length: sent with chunked transfer encoding. */
    static BodyPublisher chunked(byte[] bytes) {
        return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
    }

    /** Checks the shape every Mnemos problem has, and that nothing internal leaks. */
    static JsonNode assertProblem(Reply r, int status, String slug) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.path("type").asString()).isEqualTo("https://mnemos.io/problems/" + slug);
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("title").asString()).isNotBlank();
        assertThat(p.path("detail").asString()).isNotBlank();
        assertThat(p.path("instance").asString()).startsWith("/");
        assertThat(p.path("requestId").asString()).isNotBlank().isEqualTo(r.header("X-Request-Id"));
        assertThat(r.body()).doesNotContain("Exception", "\tat ", "\"trace\"", "hunter2", "io.mnemos", "java.");
        return p;
    }

    static List<String> fields(JsonNode problem) {
        List<String> out = new ArrayList<>();
        problem.path("errors").forEach(e -> out.add(e.path("field").asString()));
        return out;
    }

    // ---- problems ------------------------------------------------------------------------------------------------

    @Nested
    class Problems {
        @Test
        void beanValidationListsTheFields() throws Exception {
            Reply r = postJson("/test/items", WRITER, "{\"name\":\"\",\"quantity\":0,\"tags\":[{\"label\":\" \"}]}");

            JsonNode p = assertProblem(r, 400, "validation-failed");
            assertThat(fields(p)).containsExactlyInAnyOrder("name", "quantity", "tags[0].label");
            assertThat(p.path("errors").get(0).path("message").asString()).isNotBlank();
            assertThat(p.path("detail").asString()).contains("3 invalid values", "name", "quantity");
            assertThat(p.path("instance").asString()).isEqualTo("/test/items");
        }

        @Test
        void constrainedParametersAreValidated() throws Exception {
            JsonNode p = assertProblem(get("/test/search?limit=0", WRITER), 400, "validation-failed");

            assertThat(fields(p)).containsExactly("limit");
        }

        @Test
        void validatedBeansAreValidated() throws Exception {
            JsonNode p = assertProblem(get("/test/greet?name=", WRITER), 400, "validation-failed");

            assertThat(fields(p)).containsExactly("name");
        }

        @Test
        void malformedJsonSaysWhere() throws Exception {
            JsonNode p = assertProblem(postJson("/test/items", WRITER, "{\"name\": \"x\",,}"), 400, "malformed-body");

            assertThat(p.path("detail").asString()).contains("not valid JSON", "line 1");
        }

        @Test
        void missingBody() throws Exception {
            JsonNode p = assertProblem(postJson("/test/items", WRITER, ""), 400, "malformed-body");

            assertThat(p.path("detail").asString()).contains("missing");
        }

        @Test
        void unknownFieldIsNamed() throws Exception {
            Reply r = postJson("/test/items", WRITER, "{\"name\":\"a\",\"quantity\":1,\"colour\":\"red\"}");

            JsonNode p = assertProblem(r, 400, "unknown-field");
            assertThat(p.path("detail").asString()).contains("'colour'", "name", "quantity", "tags");
            assertThat(fields(p)).containsExactly("colour");
        }

        @Test
        void nestedUnknownFieldIsNamedWithItsPath() throws Exception {
            Reply r = postJson(
                    "/test/items", WRITER, "{\"name\":\"a\",\"quantity\":1,\"tags\":[{\"label\":\"x\",\"lable\":1}]}");

            JsonNode p = assertProblem(r, 400, "unknown-field");
            assertThat(fields(p)).containsExactly("tags[0].lable");
            assertThat(p.path("detail").asString()).contains("'tags[0].lable'", "label");
        }

        @Test
        void nulInAStringIsRejectedNamingTheField() throws Exception {
            // PostgreSQL cannot store NUL: without the check this reached the database and answered 500.
            Reply r = postJson(
                    "/test/items", WRITER, "{\"name\":\"a\",\"quantity\":1,\"tags\":[{\"label\":\"x\\u0000y\"}]}");

            JsonNode p = assertProblem(r, 400, "invalid-field");
            assertThat(fields(p)).containsExactly("tags[0].label");
            assertThat(p.path("detail").asString()).contains("'tags[0].label'", "NUL", "cannot be stored");
        }

        @Test
        void yamlBodiesAreUnsupported() throws Exception {
            // jackson-dataformat-yaml is on the classpath (springdoc); YAML bodies would skip the JSON checks.
            Reply r = call(
                    "POST",
                    "/test/items",
                    WRITER,
                    "application/yaml",
                    BodyPublishers.ofString("name: a\nquantity: 1\nbogus: 1\n"));

            JsonNode p = assertProblem(r, 415, "unsupported-media-type");
            String detail = p.path("detail").asString();
            assertThat(detail).contains("Send one of: application/json");
            assertThat(detail.substring(detail.indexOf("Send one of"))).doesNotContain("yaml");
        }

        @Test
        void userIdsAreValidated() throws Exception {
            for (String bad : List.of("%20", "%20%20%09", "a%01b", "u".repeat(201))) {
                JsonNode p = assertProblem(get("/test/users/" + bad, READER), 400, "validation-failed");

                assertThat(fields(p)).as(bad).containsExactly("userId");
                assertThat(p.path("detail").asString())
                        .contains(
                                "userId must be 1–200 characters, not only spaces, without '/' or control characters");
            }
            assertThat(get("/test/users/" + "u".repeat(200), READER).status()).isEqualTo(200);
            assertThat(get("/test/users/alice%20smith@example.com", READER).status())
                    .isEqualTo(200);
        }

        @Test
        void wrongTypeInBodyNamesTheField() throws Exception {
            JsonNode p = assertProblem(
                    postJson("/test/items", WRITER, "{\"name\":\"a\",\"quantity\":\"many\"}"), 400, "invalid-field");

            assertThat(fields(p)).containsExactly("quantity");
            assertThat(p.path("detail").asString()).contains("quantity", "whole number", "got a string");
        }

        @Test
        void scalarsAreNotCoercedToStrings() throws Exception {
            // Jackson's default stored {"amount":100} as "100" and {"name":123} as "123" without a word.
            Map<String, String> cases = Map.of(
                    "{\"name\":123,\"quantity\":1}", "name",
                    "{\"name\":true,\"quantity\":1}", "name",
                    "{\"name\":\"a\",\"quantity\":1,\"labels\":{\"amount\":100}}", "labels.amount",
                    "{\"name\":\"a\",\"quantity\":1,\"labels\":{\"gift\":false}}", "labels.gift",
                    "{\"name\":\"a\",\"quantity\":1,\"tags\":[{\"label\":2.5}]}", "tags[0].label");
            for (var c : cases.entrySet()) {
                JsonNode p = assertProblem(postJson("/test/items", WRITER, c.getKey()), 400, "invalid-field");

                assertThat(fields(p)).as(c.getKey()).containsExactly(c.getValue());
                assertThat(p.path("detail").asString())
                        .as(c.getKey())
                        .contains("'" + c.getValue() + "'", "must be a string", "quote it");
            }
            JsonNode p = assertProblem(
                    postJson("/test/items", WRITER, "{\"name\":\"a\",\"quantity\":1,\"labels\":{\"amount\":100}}"),
                    400,
                    "invalid-field");
            assertThat(p.path("detail").asString()).contains("got the number 100", "\"100\"");
        }

        @Test
        void fractionsAreNotTruncatedToIntegers() throws Exception {
            // Jackson's default read 1.5 as 1.
            for (String quantity : List.of("1.5", "2.0", "1e2")) {
                JsonNode p = assertProblem(
                        postJson("/test/items", WRITER, "{\"name\":\"a\",\"quantity\":" + quantity + "}"),
                        400,
                        "invalid-field");

                assertThat(fields(p)).as(quantity).containsExactly("quantity");
                assertThat(p.path("detail").asString()).as(quantity).contains("'quantity'", "must be a whole number");
            }
        }

        @Test
        void stringsAreNotCoercedToNumbersOrBooleans() throws Exception {
            for (String body : List.of(
                    "{\"name\":\"a\",\"quantity\":\"5\"}",
                    "{\"name\":\"a\",\"quantity\":1,\"weight\":\"2.5\"}",
                    "{\"name\":\"a\",\"quantity\":1,\"fragile\":\"true\"}")) {
                JsonNode p = assertProblem(postJson("/test/items", WRITER, body), 400, "invalid-field");

                assertThat(p.path("detail").asString()).as(body).contains("got a string; send it without quotes");
            }
        }

        @Test
        void wellTypedScalarsAreAccepted() throws Exception {
            // A whole number is a valid floating-point number.
            Reply r = postJson(
                    "/test/items",
                    WRITER,
                    "{\"name\":\"a\",\"quantity\":3,\"weight\":2,\"fragile\":true,\"labels\":{\"amount\":\"100\"}}");

            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }

        @Test
        void aStringWhereAnArrayIsDeclaredSaysSo() throws Exception {
            JsonNode p = assertProblem(
                    postJson("/test/items", WRITER, "{\"name\":\"a\",\"quantity\":1,\"tags\":\"abc\"}"),
                    400,
                    "invalid-field");

            assertThat(p.path("detail").asString()).contains("'tags'", "must be an array, got a string");
            // float[] is read as base64 from a string; the value Jackson reports is its failed decoding, '' here
            p = assertProblem(
                    postJson("/test/items", WRITER, "{\"name\":\"a\",\"quantity\":1,\"vector\":\"abc\"}"),
                    400,
                    "invalid-field");
            assertThat(p.path("detail").asString()).contains("'vector'", "must be an array, got a string");
        }

        @Test
        void wrongShapeOfBody() throws Exception {
            JsonNode p = assertProblem(postJson("/test/items", WRITER, "[1,2]"), 400, "malformed-body");

            assertThat(p.path("detail").asString()).contains("object");
        }

        @Test
        void badUuidInPathIs400() throws Exception {
            JsonNode p = assertProblem(get("/test/items/not-a-uuid", READER), 400, "invalid-parameter");

            assertThat(p.path("detail").asString()).contains("'id'", "UUID", "not-a-uuid");
            assertThat(fields(p)).containsExactly("id");
        }

        @Test
        void wrongTypeInQueryIs400() throws Exception {
            JsonNode p = assertProblem(get("/test/search?limit=lots", READER), 400, "invalid-parameter");

            assertThat(p.path("detail").asString()).contains("'limit'", "whole number");
        }

        @Test
        void missingQueryParameterIs400() throws Exception {
            JsonNode p = assertProblem(get("/test/search", READER), 400, "missing-parameter");

            assertThat(fields(p)).containsExactly("limit");
        }

        @Test
        void unsupportedMediaTypeIs415() throws Exception {
            Reply r = call("POST", "/test/items", WRITER, "text/plain", BodyPublishers.ofString("hi"));

            JsonNode p = assertProblem(r, 415, "unsupported-media-type");
            assertThat(p.path("detail").asString()).contains("text/plain", "application/json");
        }

        @Test
        void methodNotAllowedIs405() throws Exception {
            Reply r = call("DELETE", "/test/items", WRITER, null, BodyPublishers.noBody());

            JsonNode p = assertProblem(r, 405, "method-not-allowed");
            assertThat(r.header("Allow")).contains("POST");
            assertThat(p.path("detail").asString()).contains("DELETE", "POST");
        }

        @Test
        void unknownRouteIs404() throws Exception {
            JsonNode p = assertProblem(get("/test/nowhere", READER), 404, "not-found");

            assertThat(p.path("detail").asString()).contains("/test/nowhere");
        }

        @Test
        void thrownProblemsKeepTheirTypeAndDetail() throws Exception {
            JsonNode p = assertProblem(get("/test/items/" + UUID.randomUUID(), READER), 404, "item-not-found");

            assertThat(p.path("title").asString()).isEqualTo("Item not found");
            assertThat(p.path("detail").asString()).contains("List items first");
        }

        @Test
        void serviceUnavailableCarriesRetryAfter() throws Exception {
            Reply r = get("/test/unavailable", READER);

            JsonNode p = assertProblem(r, 503, "service-unavailable");
            assertThat(r.header("Retry-After")).isEqualTo("30");
            assertThat(p.path("retryAfterSeconds").asInt()).isEqualTo(30);
        }

        @Test
        void optimisticLockingIs409() throws Exception {
            Reply r = call("PUT", "/test/items/" + SampleController.KNOWN, WRITER, null, BodyPublishers.noBody());

            JsonNode p = assertProblem(r, 409, "concurrent-modification");
            assertThat(p.path("detail").asString()).contains("retry").doesNotContain("row version");
        }

        @Test
        void unexpectedErrorsAreGeneric500sLoggedServerSide(CapturedOutput output) throws Exception {
            Reply r = get("/test/boom", READER);

            JsonNode p = assertProblem(r, 500, "internal-error");
            String requestId = p.path("requestId").asString();
            assertThat(p.path("detail").asString()).contains(requestId).doesNotContain("kaboom");
            assertThat(output.getAll())
                    .contains("requestId=" + requestId)
                    .contains("java.lang.IllegalStateException: kaboom")
                    .contains("at io.mnemos.web.testapp.SampleController.boom");
        }
    }

    // ---- size limits --------------------------------------------------------------------------------------------

    @Nested
    class SizeLimits {
        private final String bigJson = "{\"name\":\"a\",\"quantity\":1,\"tags\":["
                + "{\"label\":\"xxxxxxxxxx\"},".repeat(200) + "{\"label\":\"x\"}]}";

        @Test
        void declaredContentLengthOverTheLimitIs413() throws Exception {
            Reply r = postJson("/test/items", WRITER, bigJson);

            JsonNode p = assertProblem(r, 413, "payload-too-large");
            assertThat(p.path("detail").asString()).contains("2KB");
            assertThat(p.path("maxRequestSize").asString()).isEqualTo("2KB");
            assertThat(p.path("maxRequestBytes").asLong()).isEqualTo(2048);
        }

        @Test
        void chunkedJsonOverTheLimitIs413() throws Exception {
            Reply r = call(
                    "POST",
                    "/test/items",
                    WRITER,
                    "application/json",
                    chunked(bigJson.getBytes(StandardCharsets.UTF_8)));

            JsonNode p = assertProblem(r, 413, "payload-too-large");
            assertThat(p.path("detail").asString()).contains("2KB");
        }

        @Test
        void chunkedStreamOverTheLimitIs413() throws Exception {
            Reply r = call("POST", "/test/raw", WRITER, "application/octet-stream", chunked(new byte[5000]));

            assertProblem(r, 413, "payload-too-large");
        }

        @Test
        void chunkedStreamWithinTheLimitIsRead() throws Exception {
            Reply r = call("POST", "/test/raw", WRITER, "application/octet-stream", chunked(new byte[2048]));

            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().path("bytes").asInt()).isEqualTo(2048);
        }

        @Test
        void chunkedMultipartOverTheLimitIs413() throws Exception {
            String boundary = "mnemos-boundary";
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
                            + "Content-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            body.write(new byte[4000]);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));

            Reply r = call(
                    "POST",
                    "/test/upload",
                    WRITER,
                    "multipart/form-data; boundary=" + boundary,
                    chunked(body.toByteArray()));

            JsonNode p = assertProblem(r, 413, "payload-too-large");
            assertThat(p.path("detail").asString()).contains("2KB");
        }

        @Test
        void multipartLimitsFollowTheRequestSizeLimit() {
            assertThat(multipart.getMaxFileSize()).isEqualTo(DataSize.ofKilobytes(2));
            assertThat(multipart.getMaxRequestSize()).isEqualTo(DataSize.ofKilobytes(2));
        }
    }

    // ---- identity ------------------------------------------------------------------------------------------------

    @Nested
    class Identities {
        @Test
        void missingIdentityIs401() throws Exception {
            JsonNode p = assertProblem(get("/test/whoami", null), 401, "unauthenticated");

            assertThat(p.path("reason").asString()).isEqualTo("missing");
            assertThat(p.path("detail").asString()).contains("X-Mnemos-Identity", "gateway");
        }

        @Test
        void forgedIdentityIs401BadSignature() throws Exception {
            String forged = InternalToken.sign(
                    ADMIN,
                    "someone-elses-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8),
                    Instant.now().plusSeconds(60));
            Reply r = get("/test/whoami", null, InternalToken.HEADER, forged);

            JsonNode p = assertProblem(r, 401, "unauthenticated");
            assertThat(p.path("reason").asString()).isEqualTo("bad-signature");
            assertThat(p.path("detail").asString()).contains("gateway");
        }

        @Test
        void expiredIdentityIs401Expired() throws Exception {
            // Beyond the default 30s clock-skew allowance.
            String expired = InternalToken.sign(
                    WRITER, InternalToken.secret(SECRET), Instant.now().minusSeconds(120));
            Reply r = get("/test/whoami", null, InternalToken.HEADER, expired);

            assertThat(assertProblem(r, 401, "unauthenticated").path("reason").asString())
                    .isEqualTo("expired");
        }

        @Test
        void garbageIdentityIs401Malformed() throws Exception {
            Reply r = get("/test/whoami", null, InternalToken.HEADER, "let-me-in");

            assertThat(assertProblem(r, 401, "unauthenticated").path("reason").asString())
                    .isEqualTo("malformed");
            assertThat(r.header("WWW-Authenticate")).isNotBlank();
        }

        @Test
        void validIdentityReachesTheController() throws Exception {
            Reply r = get("/test/whoami", WRITER);

            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode me = r.json();
            assertThat(me.path("tenant").asString()).isEqualTo("acme");
            assertThat(me.path("principal").asString()).isEqualTo("key:writer");
            assertThat(me.path("sameAsContext").asBoolean()).isTrue();
            assertThat(me.path("mdcTenant").asString()).isEqualTo("acme");
        }

        @Test
        void tenantContextIsAvailableInControllers() throws Exception {
            Reply r = postJson("/test/items", WRITER, "{\"name\":\"pen\",\"quantity\":2}");

            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().path("tenant").asString()).isEqualTo("acme");
        }

        @Test
        void asyncRequestsWork() throws Exception {
            Reply r = get("/test/async", READER);

            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().path("tenant").asString()).isEqualTo("acme");
            // The TenantContext is not inherited by other threads: pass the Identity along.
            assertThat(r.json().path("boundOnWorker").asBoolean()).isFalse();
            assertThat(r.header("X-Request-Id")).isNotBlank();
        }

        @Test
        void missingScopeIs403() throws Exception {
            Reply r = postJson("/test/items", READER, "{\"name\":\"pen\",\"quantity\":2}");

            JsonNode p = assertProblem(r, 403, "insufficient-scope");
            assertThat(p.path("missingScopes").get(0).asString()).isEqualTo("items:write");
            assertThat(p.path("detail").asString()).contains("items:write");
        }

        @Test
        void allDeclaredScopesAreNeeded() throws Exception {
            JsonNode p = assertProblem(get("/test/admin-only", WRITER), 403, "insufficient-scope");

            assertThat(p.path("missingScopes").toString())
                    .contains("items:delete")
                    .doesNotContain("items:read");
        }

        @Test
        void adminImpliesEveryScope() throws Exception {
            assertThat(get("/test/admin-only", ADMIN).status()).isEqualTo(200);
            assertThat(postJson("/test/items", ADMIN, "{\"name\":\"pen\",\"quantity\":2}")
                            .status())
                    .isEqualTo(200);
        }

        @Test
        void classLevelScopesApplyToEveryMethod() throws Exception {
            Identity reports = new Identity("acme", "key:r", Set.of("reports:read"));

            assertThat(get("/test/reports", reports).status()).isEqualTo(200);
            assertProblem(get("/test/reports", READER), 403, "insufficient-scope");
            assertProblem(get("/test/reports/export", reports), 403, "insufficient-scope");
        }

        @Test
        void healthInfoAndDocsNeedNoIdentity() throws Exception {
            assertThat(get("/actuator/health", null).status()).isEqualTo(200);
            assertThat(get("/actuator/health/liveness", null).status()).isEqualTo(200);
            assertThat(get("/actuator/health/readiness", null).status()).isEqualTo(200);
            assertThat(get("/actuator/info", null).status()).isEqualTo(200);
            assertThat(get("/v3/api-docs", null).status()).isEqualTo(200);
        }

        @Test
        void otherActuatorEndpointsNeedAnIdentity() throws Exception {
            assertProblem(get("/actuator/metrics", null), 401, "unauthenticated");
            assertThat(get("/actuator/metrics", ADMIN).status()).isEqualTo(200);
        }

        @Test
        void exemptionsCannotBeBorrowedByPathTricks() throws Exception {
            for (String path : List.of(
                    "/actuator/health/%2e%2e/%2e%2e/test/whoami",
                    "/actuator/health/..;/..;/test/whoami", "/test/whoami;/actuator/health")) {
                Reply r = get(path, null);
                assertThat(r.status()).as(path + " -> " + r.body()).isIn(400, 401, 404);
            }
        }
    }

    // ---- request ids -------------------------------------------------------------------------------------------

    @Nested
    class RequestIdsAndTraces {
        @Test
        void validRequestIdIsEchoedAndLogged() throws Exception {
            Reply r = get("/test/whoami", WRITER, "X-Request-Id", "client-id.42_A");

            assertThat(r.header("X-Request-Id")).isEqualTo("client-id.42_A");
            assertThat(r.json().path("mdcRequestId").asString()).isEqualTo("client-id.42_A");
            assertThat(r.json().path("mdcTraceId").asString()).isEqualTo("client-id.42_A");
        }

        @Test
        void missingOrInvalidRequestIdIsGenerated() throws Exception {
            for (String[] headers :
                    List.of(new String[0], new String[] {"X-Request-Id", "has spaces and $ymbols"}, new String[] {
                        "X-Request-Id", "a".repeat(129)
                    })) {
                Reply r = get("/test/whoami", WRITER, headers);
                String id = r.header("X-Request-Id");
                assertThat(UUID.fromString(id).version()).isEqualTo(7);
                assertThat(r.json().path("mdcRequestId").asString()).isEqualTo(id);
            }
        }

        @Test
        void traceparentGivesTheTraceId() throws Exception {
            Reply r = get(
                    "/test/whoami", WRITER, "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

            assertThat(r.json().path("mdcTraceId").asString()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(r.json().path("mdcRequestId").asString()).isEqualTo(r.header("X-Request-Id"));
        }

        @Test
        void problemsCarryTheRequestId() throws Exception {
            Reply r = get("/test/whoami", null, "X-Request-Id", "req-123");

            assertThat(assertProblem(r, 401, "unauthenticated")
                            .path("requestId")
                            .asString())
                    .isEqualTo("req-123");
        }
    }

    // ---- requests Tomcat refuses itself -------------------------------------------------------------------

    @Nested
    class TomcatRejections {
        /** A raw request: HTTP clients normalise or refuse such paths before sending them. */
        String[] raw(String path) throws Exception {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: raw-1\r\n"
                                + InternalToken.HEADER + ": " + token(READER) + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int split = response.indexOf("\r\n\r\n");
                return new String[] {response.substring(0, split), response.substring(split + 4)};
            }
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "/test/items/a%2Fb",
                    "/test/items/%00",
                    "/test/items/..%2Fbob",
                    "/test/items/a%5Cb",
                    "/test/items/..%2F..%2Fetc"
                })
        void refusedPathsAreProblems(String path) throws Exception {
            String[] r = raw(path);
            String head = r[0].toLowerCase(Locale.ROOT);

            assertThat(head).startsWith("http/1.1 400").contains("content-type: application/problem+json");
            assertThat(head).contains("x-request-id: raw-1");
            JsonNode p = JSON.readTree(r[1]);
            assertThat(p.path("type").asString()).isEqualTo("https://mnemos.io/problems/invalid-path");
            assertThat(p.path("status").asInt()).isEqualTo(400);
            assertThat(p.path("detail").asString()).contains("encoded '/'", "'..'");
            assertThat(p.path("requestId").asString()).isEqualTo("raw-1");
            assertThat(r[1]).doesNotContain("<html", "Tomcat");
        }

        @Test
        void springProblemsAreUntouched() throws Exception {
            String[] r = raw("/test/items/not-a-uuid");

            assertThat(r[0]).startsWith("HTTP/1.1 400");
            assertThat(r[1]).contains("https://mnemos.io/problems/invalid-parameter");
        }
    }

    // ---- the error page ------------------------------------------------------------------------------------

    @Nested
    class ErrorPage {
        @Test
        void exceptionInAFilterIsAGenericProblem(CapturedOutput output) throws Exception {
            Reply r = get("/test/filter-boom", READER, "X-Request-Id", "filter-boom-1");

            JsonNode p = assertProblem(r, 500, "internal-error");
            assertThat(p.path("instance").asString()).isEqualTo("/test/filter-boom");
            assertThat(p.path("requestId").asString()).isEqualTo("filter-boom-1");
            assertThat(output.getAll()).contains("filter exploded").contains("requestId=filter-boom-1");
        }

        @Test
        void problemThrownInAFilterKeepsItsStatus() throws Exception {
            JsonNode p = assertProblem(get("/test/filter-conflict", READER), 409, "filter-conflict");

            assertThat(p.path("detail").asString()).isEqualTo("A filter refused this request.");
        }

        @Test
        void sendErrorIsAProblem() throws Exception {
            JsonNode p = assertProblem(get("/test/teapot", READER), 418, "i-am-a-teapot");

            assertThat(p.path("instance").asString()).isEqualTo("/test/teapot");
        }

        @Test
        void problemsAreJsonWhateverTheClientAccepts() throws Exception {
            Reply r = get("/test/items/not-a-uuid", READER, "Accept", "text/html");

            assertProblem(r, 400, "invalid-parameter");
        }

        @Test
        void theErrorPathItselfIsAProblem() throws Exception {
            Reply r = get("/error", null, "Accept", "text/html");

            assertProblem(r, 404, "not-found");
        }
    }

    // ---- defaults ------------------------------------------------------------------------------------------

    @Nested
    class Defaults {
        @Test
        void actuatorAndLoggingDefaultsAreSet() {
            assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
                    .isEqualTo("health,info,prometheus,metrics");
            assertThat(environment.getProperty("management.endpoint.health.probes.enabled"))
                    .isEqualTo("true");
            assertThat(environment.getProperty("logging.pattern.correlation")).contains("%X{requestId");
        }

        @Test
        void openApiDocumentsProblemsAndTheIdentityHeader() throws Exception {
            Reply r = get("/v3/api-docs", null);
            assertThat(r.status()).isEqualTo(200);
            JsonNode doc = r.json();

            assertThat(doc.path("info").path("title").asString()).isEqualTo("web-test");
            assertThat(doc.path("components").path("schemas").has("Problem")).isTrue();
            assertThat(doc.path("components")
                            .path("securitySchemes")
                            .path("mnemosIdentity")
                            .path("name")
                            .asString())
                    .isEqualTo("X-Mnemos-Identity");
            JsonNode responses =
                    doc.path("paths").path("/test/items").path("post").path("responses");
            for (String code : List.of("400", "401", "403", "404", "409", "413", "500")) {
                assertThat(responses.path(code).path("content").has("application/problem+json"))
                        .as(code)
                        .isTrue();
            }
            assertThat(doc.path("paths")
                                    .path("/test/whoami")
                                    .path("get")
                                    .path("parameters")
                                    .isMissingNode()
                            || doc.path("paths")
                                    .path("/test/whoami")
                                    .path("get")
                                    .path("parameters")
                                    .isEmpty())
                    .as("an Identity parameter is not a request parameter")
                    .isTrue();
        }
    }
}
