package io.mnemos.retrieval.collectionstats;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.contracts.identity.InternalToken;
import io.mnemos.devstack.JdbcSettings;
import io.mnemos.retrieval.corpus.TestCorpus;
import io.mnemos.testsupport.TestInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real service on a random port (real PostgreSQL, Kafka, Lucene and the int8 MiniLM; a small reference corpus):
 * documents ingested into collections of two tenants feed their own statistics indexes, rebuilt in the background
 * after each commit. Checks tenant isolation of the counts, that a delete is reflected after the rebuild, and that the
 * grounding gate with {@code corpus: collections} accepts a claim only the tenant's own documents support.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"mnemos.collection-stats.debounce=300ms", "mnemos.collection-stats.retry-after=1s"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CollectionStatsApiIT {
    static final String SECRET = "collection-stats-it-secret-0123456789abcdef";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path ROOT;

    static {
        try {
            ROOT = Files.createTempDirectory("collection-stats-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        JdbcSettings db = TestInfra.createDatabase("collection_stats_it");
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
    }

    static final String A = "tenant-a";
    static final String B = "tenant-b";
    static final String PHRASE = "Zorbrak Quillfeather";

    @LocalServerPort
    int port;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Response(int status, HttpResponse<String> raw, @Nullable JsonNode json) {
        String type() {
            return json == null || json.get("type") == null
                    ? ""
                    : json.get("type").asString();
        }
    }

    Response send(String tenant, String method, String path, @Nullable Object body) throws Exception {
        String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header(
                        InternalToken.HEADER,
                        InternalToken.sign(
                                Identity.of(tenant, "it-client", "documents:read", "documents:write"),
                                InternalToken.secret(SECRET),
                                Instant.now().plusSeconds(300)))
                .method(
                        method,
                        text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r, r.body().isBlank() ? null : JSON.readTree(r.body()));
    }

    Response count(String tenant, String query) throws Exception {
        return send(
                tenant,
                "POST",
                "/v1/corpus/query",
                Map.of("index", "collections", "query_type", "count", "query", query));
    }

    /** Repeats a request until {@code done} holds (503 while building, or a count not yet updated). */
    Response await(Callable call, Predicate<Response> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Response r = call.run();
        while (!done.test(r) && System.nanoTime() < deadline) {
            if (r.status() == 503) {
                assertThat(r.type()).endsWith("-building");
                assertThat(r.raw().headers().firstValue("Retry-After")).isPresent();
            }
            Thread.sleep(100);
            r = call.run();
        }
        assertThat(done.test(r)).as(r.raw().body()).isTrue();
        return r;
    }

    @FunctionalInterface
    interface Callable {
        Response run() throws Exception;
    }

    static Map<String, Object> doc(String id, String text) {
        return Map.of("id", id, "text", text);
    }

    Map<String, Object> verify(String text, String corpus) {
        return Map.of("text", text, "entities", List.of(PHRASE, "Vantellian Observatory"), "corpus", corpus);
    }

    @Test
    void collectionDocumentsFeedPerTenantStatistics() throws Exception {
        for (String t : List.of(A, B)) {
            assertThat(send(t, "POST", "/v1/collections", Map.of("name", "notes"))
                            .status())
                    .isEqualTo(201);
        }
        Response ingest = send(
                A,
                "POST",
                "/v1/collections/notes/documents",
                Map.of(
                        "documents",
                        List.of(
                                doc(
                                        "founder",
                                        PHRASE + " founded the Vantellian Observatory in Marrowgate in 1887. " + PHRASE
                                                + " also mapped the northern comets."),
                                doc("library", "The observatory library lends star charts to visitors."))));
        assertThat(ingest.status()).as(ingest.raw().body()).isEqualTo(200);
        assertThat(send(
                                B,
                                "POST",
                                "/v1/collections/notes/documents",
                                Map.of("documents", List.of(doc("roses", "Tenant B writes about gardens and roses."))))
                        .status())
                .isEqualTo(200);

        // A's phrase counts for A only, once A's index is built
        Response a = await(() -> count(A, PHRASE), r -> r.status() == 200);
        assertThat(a.json().get("count").asLong()).isEqualTo(2);
        assertThat(a.json().get("index").asString()).isEqualTo("collections");
        Response b = await(() -> count(B, PHRASE), r -> r.status() == 200);
        assertThat(b.json().get("count").asLong()).isZero();
        assertThat(count(B, "roses").json().get("count").asLong()).isEqualTo(1);
        assertThat(count(A, "roses").json().get("count").asLong()).isZero();

        Response none = count("tenant-c", PHRASE);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.type()).endsWith("/collections-index-empty");
        assertThat(none.raw().headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));

        // invalid fields are a 400 before the tenant's (here missing) index is looked at
        Response bad = send(
                "tenant-c",
                "POST",
                "/v1/corpus/query",
                Map.of("index", "collections", "query_type", "infgram_prob", "query", "roses"));
        assertThat(bad.status()).isEqualTo(400);

        Response status = send(A, "GET", "/v1/corpus", null);
        JsonNode own = status.json().get("collections");
        assertThat(own.get("state").asString()).isEqualTo("ready");
        assertThat(own.get("documents").asLong()).isEqualTo(2);
        assertThat(own.get("tokens").asLong()).isGreaterThan(20);
        assertThat(own.get("pendingChanges").asLong()).isZero();
        assertThat(own.get("builtAt").isString()).isTrue();

        // grounding: the pair is supported by A's documents, not by the reference corpus or B's documents
        String claim = PHRASE + " founded the Vantellian Observatory.";
        Response reference = await(
                () -> send(A, "POST", "/v1/grounding/verify", verify(claim, "reference")), r -> r.status() != 503);
        assertThat(reference.status()).as(reference.raw().body()).isEqualTo(200);
        assertThat(reference.json().get("flagged").asBoolean()).isTrue();
        Response own1 = send(A, "POST", "/v1/grounding/verify", verify(claim, "collections"));
        assertThat(own1.status()).as(own1.raw().body()).isEqualTo(200);
        assertThat(own1.json().get("flagged").asBoolean()).as(own1.raw().body()).isFalse();
        JsonNode check = own1.json().get("sentences").get(0).get("claims").get(0);
        assertThat(check.get("count").asLong()).isGreaterThanOrEqualTo(1);
        Response both = send(A, "POST", "/v1/grounding/verify", verify(claim, "both"));
        assertThat(both.json().get("flagged").asBoolean()).as(both.raw().body()).isFalse();
        Response other = send(B, "POST", "/v1/grounding/verify", verify(claim, "collections"));
        assertThat(other.json().get("flagged").asBoolean()).isTrue();
        assertThat(send(A, "POST", "/v1/grounding/verify", verify(claim, "everything"))
                        .status())
                .isEqualTo(400);

        // a delete is reflected after the rebuild: A keeps one document, the phrase is gone
        long t0 = System.nanoTime();
        assertThat(send(A, "DELETE", "/v1/collections/notes/documents/founder", null)
                        .status())
                .isEqualTo(204);
        Response gone = await(
                () -> count(A, PHRASE),
                r -> r.status() == 200 && r.json().get("count").asLong() == 0);
        assertThat(gone.json().get("count").asLong()).isZero();
        System.out.printf(
                "collection stats: delete visible in counts after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(count(A, "star charts").json().get("count").asLong()).isEqualTo(1);
        assertThat(send(A, "GET", "/v1/corpus", null)
                        .json()
                        .get("collections")
                        .get("documents")
                        .asLong())
                .isEqualTo(1);
        // B is untouched
        assertThat(count(B, "roses").json().get("count").asLong()).isEqualTo(1);
    }
}
