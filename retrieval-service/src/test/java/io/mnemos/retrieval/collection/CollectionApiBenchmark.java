package io.mnemos.retrieval.collection;

import io.mnemos.devstack.JdbcSettings;
import io.mnemos.model.MiniLmEmbedder;
import io.mnemos.retrieval.RetrievalApplication;
import io.mnemos.retrieval.bench.SciFact;
import io.mnemos.retrieval.index.IndexRegistry;
import io.mnemos.retrieval.ingest.Ingestor;
import io.mnemos.retrieval.ingest.SourceDocument;
import io.mnemos.retrieval.search.LuceneRetriever;
import io.mnemos.retrieval.search.SearchMode;
import io.mnemos.retrieval.search.SearchRequest;
import io.mnemos.testsupport.TestInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the HTTP/PostgreSQL layer costs on top of the Lucene core, in one run on the same data: ingestion throughput
 * (JSON batches over HTTP, with document rows and outbox events, vs {@link Ingestor} directly) and search latency per
 * mode (POST /search vs {@link LuceneRetriever} directly; interleaved so load drift hits both alike). Starts the real
 * service (PostgreSQL and Kafka from {@link TestInfra}, the int8 MiniLM) on the first N SciFact abstracts.
 *
 * <pre>{@code
 * MNEMOS_KAFKA_BOOTSTRAP=127.0.0.1:19092 MNEMOS_TEST_DB_URL=jdbc:postgresql://127.0.0.1:5432/mnemos_test \
 * MNEMOS_TEST_DB_USER=postgres ./mvnw -q -o -pl retrieval-service test-compile exec:exec \
 *   -Dbench.main=io.mnemos.retrieval.collection.CollectionApiBenchmark -Dbench.args="600 200" -Dbench.jvm=-Xmx1g
 * }</pre>
 *
 * Arguments: documents (default 600), queries per mode (default 200).
 */
public final class CollectionApiBenchmark {
    private CollectionApiBenchmark() {}

    public static void main(String[] args) throws Exception {
        int docs = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        var data = SciFact.locate();
        if (data.isEmpty()) {
            System.out.println("SKIPPED: SciFact data not found at ../shared/data/scifact");
            return;
        }
        SciFact sciFact = SciFact.load(data.get());
        List<SourceDocument> corpus =
                sciFact.corpus().subList(0, Math.min(docs, sciFact.corpus().size()));
        // a fresh set of claims per mode: the service caches query vectors, and a cached vector would flatter it
        List<String> allClaims =
                sciFact.claims().stream().map(SciFact.Claim::text).distinct().toList();
        queries = Math.min(queries, allClaims.size() / 3);

        JdbcSettings db = TestInfra.createDatabase("retrieval_api_bench");
        Path dataDir = Files.createTempDirectory("retrieval-api-bench");
        long t0 = System.nanoTime();
        ConfigurableApplicationContext ctx = new SpringApplication(RetrievalApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + db.url(),
                        "--spring.datasource.username=" + db.user(),
                        "--spring.datasource.password=" + (db.password() == null ? "" : db.password()),
                        "--spring.kafka.bootstrap-servers=" + TestInfra.kafkaBootstrap(),
                        "--mnemos.security.internal-secret=" + ApiClient.SECRET,
                        "--mnemos.data-dir=" + dataDir,
                        "--logging.level.root=WARN");
        double startSeconds = (System.nanoTime() - t0) / 1e9;
        try {
            int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
            ApiClient api = new ApiClient(port);
            Ingestor ingestor = ctx.getBean(Ingestor.class);
            // the baseline embeds every query like the service does on a first query (no query-vector cache)
            LuceneRetriever retriever = new LuceneRetriever(
                    ctx.getBean(IndexRegistry.class),
                    ctx.getBean(MiniLmEmbedder.class),
                    ctx.getBean(LuceneRetriever.class).settings());
            String viaApi = "bench-api";
            String direct = "bench-direct";
            String directCollection = "direct";
            if (api.postJson(viaApi, "/v1/collections", Map.of("name", "scifact"))
                            .status()
                    != 201) {
                throw new IllegalStateException("cannot create the collection");
            }
            // warm the model and the JIT on a few documents, not measured
            ingestor.ingest("bench-warmup", "w", corpus.subList(0, Math.min(32, corpus.size())));

            long apiNanos = 0;
            long directNanos = 0;
            long apiChunks = 0;
            long directChunks = 0;
            int batch = 64;
            for (int from = 0; from < corpus.size(); from += batch) {
                List<SourceDocument> b = corpus.subList(from, Math.min(corpus.size(), from + batch));
                List<Map<String, Object>> json = new ArrayList<>();
                for (SourceDocument d : b) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", d.documentId());
                    m.put("title", d.title());
                    m.put("text", d.text());
                    json.add(m);
                }
                long s = System.nanoTime();
                ApiClient.Response r =
                        api.postJson(viaApi, "/v1/collections/scifact/documents", Map.of("documents", json));
                apiNanos += System.nanoTime() - s;
                if (r.status() != 200) {
                    throw new IllegalStateException("ingest failed: " + r.body());
                }
                apiChunks += r.json().get("chunks").asLong();
                s = System.nanoTime();
                directChunks += ingestor.ingest(direct, directCollection, b).chunks();
                directNanos += System.nanoTime() - s;
            }
            System.out.printf(
                    Locale.ROOT,
                    "startup (context ready, model not loaded): %.1f s%n"
                            + "ingest %d SciFact abstracts in batches of %d:%n"
                            + "  HTTP  : %.1f s, %.1f docs/s, %.1f chunks/s (%d chunks)%n"
                            + "  direct: %.1f s, %.1f docs/s, %.1f chunks/s (%d chunks)%n",
                    startSeconds,
                    corpus.size(),
                    batch,
                    apiNanos / 1e9,
                    corpus.size() / (apiNanos / 1e9),
                    apiChunks / (apiNanos / 1e9),
                    apiChunks,
                    directNanos / 1e9,
                    corpus.size() / (directNanos / 1e9),
                    directChunks / (directNanos / 1e9),
                    directChunks);

            for (SearchMode mode : SearchMode.values()) {
                String m = mode.name().toLowerCase(Locale.ROOT);
                List<String> claims = allClaims.subList(mode.ordinal() * queries, (mode.ordinal() + 1) * queries);
                long[] viaHttp = new long[claims.size()];
                long[] viaCore = new long[claims.size()];
                for (int i = 0; i < claims.size(); i++) {
                    String q = claims.get(i);
                    String body = ApiClient.JSON.writeValueAsString(Map.of("query", q, "k", 10, "mode", m));
                    long s = System.nanoTime();
                    ApiClient.Response r = api.postJson(viaApi, "/v1/collections/scifact/search", body);
                    viaHttp[i] = System.nanoTime() - s;
                    if (r.status() != 200) {
                        throw new IllegalStateException("search failed: " + r.body());
                    }
                    s = System.nanoTime();
                    retriever.search(SearchRequest.builder(direct, q)
                            .collection(directCollection)
                            .mode(mode)
                            .k(10)
                            .build());
                    viaCore[i] = System.nanoTime() - s;
                }
                System.out.printf(
                        Locale.ROOT,
                        "search %-6s (%d queries, k 10): HTTP p50 %.1f ms p99 %.1f ms | direct p50 %.1f ms p99 %.1f ms%n",
                        m,
                        claims.size(),
                        pct(viaHttp, 50),
                        pct(viaHttp, 99),
                        pct(viaCore, 50),
                        pct(viaCore, 99));
            }
        } finally {
            ctx.close();
        }
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))] / 1e6;
    }
}
