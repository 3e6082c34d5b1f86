package io.mnemos.retrieval.grounding;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.devstack.JdbcSettings;
import io.mnemos.retrieval.corpus.TestCorpus;
import io.mnemos.testsupport.TestInfra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real service (Spring Boot on a random port, real PostgreSQL and Kafka) with a small reference corpus in a
 * temporary directory: the index is built lazily on the first request (503 + Retry-After until ready), then the corpus
 * query API and both grounding stages answer over HTTP with a gateway-signed identity.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class GroundingApiIT {
    static final String SECRET = "grounding-it-internal-secret-0123456789abcdef";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path ROOT;

    static {
        try {
            ROOT = Files.createTempDirectory("grounding-it");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        JdbcSettings db = TestInfra.createDatabase("grounding_api_it");
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", () -> db.password() == null ? "" : db.password());
        registry.add("spring.kafka.bootstrap-servers", TestInfra::kafkaBootstrap);
        registry.add("mnemos.security.internal-secret", () -> SECRET);
        registry.add("mnemos.data-dir", () -> ROOT.resolve("data").toString());
        Path source = TestCorpus.write(ROOT.resolve("corpus"));
        registry.add("mnemos.corpus.source", source::toString);
        registry.add("mnemos.corpus.name", () -> "it");
        registry.add("mnemos.corpus.retry-after", () -> "1s");
        registry.add("mnemos.grounding.question-threshold", () -> "5");
        registry.add("mnemos.grounding.binary-tuple-threshold", () -> "2");
    }

    @LocalServerPort
    int port;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Response(int status, String contentType, HttpResponse<String> raw, JsonNode json) {}

    Response send(String method, String path, String body, boolean signed) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (signed) {
            b.header(
                    InternalToken.HEADER,
                    InternalToken.sign(
                            Identity.of("tenant-it", "it-client", "documents:read"),
                            InternalToken.secret(SECRET),
                            Instant.now().plusSeconds(300)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isBlank() ? null : JSON.readTree(r.body());
        return new Response(
                r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r, json);
    }

    @Test
    void lazyIndexThenCorpusQueriesAndBothGroundingStages() throws Exception {
        Response status = send("GET", "/v1/corpus", null, true);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("state").asString()).isEqualTo("not_loaded");

        // the first request starts the build; until it is done queries get 503 problems with Retry-After
        String count = "{\"query_type\":\"count\",\"query\":\"London\"}";
        Response r = send("POST", "/v1/corpus/query", count, true);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (r.status() == 503 && System.nanoTime() < deadline) {
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("type").asString()).endsWith("/corpus-index-building");
            assertThat(r.raw().headers().firstValue("Retry-After")).hasValue("1");
            Thread.sleep(100);
            r = send("POST", "/v1/corpus/query", count, true);
        }
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        assertThat(r.json().get("count").asLong()).isEqualTo(12);
        assertThat(r.json().get("latency").isNumber()).isTrue();

        Response ready = send("GET", "/v1/corpus", null, true);
        assertThat(ready.json().get("state").asString()).isEqualTo("ready");
        assertThat(ready.json().get("index").get("documents").asLong()).isEqualTo(6);
        assertThat(Files.isRegularFile(ROOT.resolve("data/corpus/it/manifest.properties")))
                .isTrue();

        Response bad = send("POST", "/v1/corpus/query", "{\"query_type\":\"count\",\"query\":\"AND London\"}", true);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("type").asString()).endsWith("/invalid-corpus-query");

        Response assess = send(
                "POST",
                "/v1/grounding/assess",
                "{\"question\":\"Who lived in Chawton?\",\"collection\":\"books\"}",
                true);
        assertThat(assess.status()).as(assess.raw().body()).isEqualTo(200);
        assertThat(assess.json().get("retrieve").asBoolean()).isTrue();
        assertThat(assess.json().get("entities").get(0).get("count").asLong()).isEqualTo(1);
        // hits come from the tenant's collection when the retriever is wired (it searches nothing here)
        assertThat(assess.json().get("hitsStatus").asString()).isIn("returned", "retriever-unavailable");

        Response verify = send(
                "POST",
                "/v1/grounding/verify",
                "{\"text\":\"Hamlet was written by William Shakespeare. Hamlet was written by Charles Dickens.\"}",
                true);
        assertThat(verify.status()).as(verify.raw().body()).isEqualTo(200);
        assertThat(verify.json().get("firstFlaggedSentence").asInt()).isEqualTo(1);
        assertThat(verify.json().get("queries").get(0).asString()).isEqualTo("Hamlet was written by");

        assertThat(send("POST", "/v1/grounding/verify", "{\"text\":\"x\"}", false)
                        .status())
                .isEqualTo(401);
    }
}
