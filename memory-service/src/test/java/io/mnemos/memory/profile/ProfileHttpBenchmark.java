package io.mnemos.memory.profile;

import io.mnemos.devstack.JdbcSettings;
import io.mnemos.memory.MemoryApplication;
import io.mnemos.memory.erasure.MemoryApi;
import io.mnemos.model.Embedder;
import io.mnemos.testsupport.TestInfra;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Profile memory latency through HTTP against in-process, in the same run, and write throughput including the outbox.
 *
 * <p>Starts the real memory-service (random port, fresh database on the test PostgreSQL, the test Kafka, real int8
 * MiniLM). Seeds one user with {@code facts} current facts directly in SQL (embeddings: MiniLM vectors of {@code base}
 * distinct fact texts plus noisy copies at cos ≈ 0.9, as in {@code docs/benchmarks/memory-core.md}, because embedding
 * 100k texts takes too long on this machine); the first query is answered by an exact scan while the user's DisGraph
 * is built in the background ({@code background=false}: the first query builds it), and the run waits for the build.
 * {@code queries=0} stops there (first-query cost only). Then, alternating one by one
 * on the same queries, {@code ProfileService.query} in-process and {@code POST /v1/users/{u}/profile/query} over
 * loopback HTTP (signed identity, JSON, validation, Tomcat); both include the query embedding. Finally writes: {@code
 * POST .../profile/facts} (embedding + advisory lock + row + outbox row, one transaction) sequentially and with 4
 * clients, and {@code ProfileService.upsert} in-process.
 *
 * <pre>
 * ./mvnw -q -o -pl memory-service test-compile exec:exec -Dbench.main=io.mnemos.memory.profile.ProfileHttpBenchmark \
 *     -Dbench.args="facts=100000 queries=300 writes=400"
 * </pre>
 */
public final class ProfileHttpBenchmark {

    private static final String[] ATTRIBUTES = {
        "food.preference",
        "drink.preference",
        "music.preference",
        "sport.preference",
        "travel.preference",
        "hobby",
        "pet",
        "health.allergy",
        "location.visited",
        "work.skill",
        "book.preference",
        "movie.preference",
        "clothing.style",
        "diet.restriction",
        "app.preference",
        "shopping.brand",
        "schedule.habit",
        "language.spoken",
        "game.preference",
        "car.preference"
    };
    private static final String[] MODIFIERS = {
        "spicy",
        "sweet",
        "vintage",
        "modern",
        "quiet",
        "loud",
        "organic",
        "cheap",
        "luxury",
        "classic",
        "italian",
        "japanese",
        "mexican",
        "french",
        "korean",
        "indian",
        "local",
        "weekend",
        "morning",
        "evening",
        "outdoor",
        "indoor",
        "electric",
        "handmade",
        "seasonal"
    };
    private static final String[] NOUNS = {
        "ramen", "coffee", "jazz", "tennis", "beaches", "painting", "cats", "peanuts", "museums", "python", "novels",
        "thrillers", "sneakers", "gluten", "podcasts", "bikes", "running", "spanish", "chess", "hybrids", "tea",
                "sushi",
        "rock", "hiking", "dogs", "shellfish", "mountains", "excel", "poetry", "comedies", "jackets", "dairy", "maps",
        "watches", "yoga", "german", "puzzles", "sedans", "wine", "tacos"
    };

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String s : args) {
            String[] kv = s.split("=", 2);
            a.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        int facts = Integer.parseInt(a.getOrDefault("facts", "100000"));
        int base = Integer.parseInt(a.getOrDefault("base", "2000"));
        int queries = Integer.parseInt(a.getOrDefault("queries", "300"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "50"));
        int writes = Integer.parseInt(a.getOrDefault("writes", "400"));
        int k = Integer.parseInt(a.getOrDefault("k", "10"));

        System.out.printf(Locale.ROOT, "load at start: %s%n", loadAverage());
        JdbcSettings db = TestInfra.createDatabase("memory_bench");
        // Command-line arguments: they take precedence over application.yml (default properties would not).
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(MemoryApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + db.url(),
                        "--spring.datasource.username=" + db.user(),
                        "--spring.datasource.password=" + (db.password() == null ? "" : db.password()),
                        "--spring.kafka.bootstrap-servers=" + TestInfra.kafkaBootstrap(),
                        "--mnemos.security.internal-secret=" + MemoryApi.SECRET,
                        "--mnemos.data-dir=" + Files.createTempDirectory("memory-bench"),
                        "--logging.level.root=WARN",
                        "--logging.level.org.apache.kafka=ERROR",
                        "--mnemos.memory.profile.build-in-background=" + a.getOrDefault("background", "true"));
        try {
            int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
            ProfileService service = ctx.getBean(ProfileService.class);
            Embedder embedder = ctx.getBean(Embedder.class);
            JdbcTemplate jdbc = new JdbcTemplate(ctx.getBean(javax.sql.DataSource.class));
            String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            String user = "u100k";

            long t0 = System.nanoTime();
            SplittableRandom r = new SplittableRandom(42);
            List<String> baseTexts = new ArrayList<>();
            for (int i = 0; i < base; i++) {
                baseTexts.add(ATTRIBUTES[i % ATTRIBUTES.length].replace('.', ' ') + ": "
                        + MODIFIERS[r.nextInt(MODIFIERS.length)] + " " + NOUNS[r.nextInt(NOUNS.length)]);
            }
            List<float[]> baseVectors = new ArrayList<>();
            for (int i = 0; i < base; i += 64) {
                baseVectors.addAll(embedder.embedAll(baseTexts.subList(i, Math.min(base, i + 64))));
            }
            System.out.printf(Locale.ROOT, "embedded %d base texts in %.1f s%n", base, secs(t0));

            t0 = System.nanoTime();
            seed(jdbc, tenant, user, facts, baseTexts, baseVectors, r);
            System.out.printf(Locale.ROOT, "seeded %d facts in SQL in %.1f s%n", facts, secs(t0));

            List<String> qs = new ArrayList<>();
            SplittableRandom qr = new SplittableRandom(7);
            for (int i = 0; i < queries + warmup; i++) {
                String attr = ATTRIBUTES[qr.nextInt(ATTRIBUTES.length)].replace('.', ' ');
                String noun = NOUNS[qr.nextInt(NOUNS.length)];
                qs.add(i % 2 == 0 ? "does the user like " + noun + " (" + attr + ")?" : attr + " " + noun + " q" + i);
            }

            MemoryApi api = new MemoryApi(port);
            String path = "/v1/users/" + user + "/profile/query";
            // The first query: an exact scan while the DisGraph is built in the background (with background=false
            // it builds the graph first: minutes at 100k on a busy machine). In-process, so that no HTTP timeout
            // applies; then one HTTP query checks the path end to end.
            t0 = System.nanoTime();
            long firstStart = t0;
            ProfileQueryResult first = service.query(tenant, user, "coffee", k);
            System.out.printf(
                    Locale.ROOT,
                    "first query (exact scan while the graph builds in the background; with"
                            + " build-in-background=false it builds the DisGraph first), %d facts: %.1f s, candidates"
                            + " %d%n",
                    facts,
                    secs(t0),
                    first.candidates());
            MemoryApi.Response firstHttp =
                    api.post(tenant, path, MemoryApi.JSON.writeValueAsString(Map.of("query", "coffee", "k", k)));
            if (firstHttp.status() != 200) {
                throw new IllegalStateException("first HTTP query failed: " + firstHttp.body());
            }
            t0 = System.nanoTime();
            ProfileQueryResult second = service.query(tenant, user, "tea", k);
            System.out.printf(
                    Locale.ROOT,
                    "second query: %.1f ms, hits %d, graph search %d us%n",
                    secs(t0) * 1000,
                    second.hits().size(),
                    second.searchMicros());
            // With background builds (the default) the first queries scan exactly while the graph is built.
            ProfileGraphs graphs = ctx.getBean(ProfileGraphs.class);
            while (!graphs.isBuilt(tenant, user)) {
                Thread.sleep(20);
            }
            System.out.printf(Locale.ROOT, "graph built %.1f s after the first query started%n", secs(firstStart));
            t0 = System.nanoTime();
            ProfileQueryResult third = service.query(tenant, user, "tea", k);
            System.out.printf(
                    Locale.ROOT,
                    "query on the built graph: %.1f ms, graph search %d us, same top-1 as the second query: %s%n",
                    secs(t0) * 1000,
                    third.searchMicros(),
                    !third.hits().isEmpty()
                            && !second.hits().isEmpty()
                            && third.hits()
                                    .getFirst()
                                    .fact()
                                    .id()
                                    .equals(second.hits().getFirst().fact().id()));
            if (queries == 0) {
                // first-query mode: only the cost of a user's first profile queries
                System.out.printf(Locale.ROOT, "load at end: %s%n", loadAverage());
                return;
            }

            long[] inProc = new long[queries];
            long[] http = new long[queries];
            long[] urlConn = new long[queries];
            String token = MemoryApi.token(tenant);
            java.net.URL url =
                    java.net.URI.create("http://127.0.0.1:" + port + path).toURL();
            long[] urlConnVector = new long[queries];
            // The caller's vector (as the orchestrator's router sends it): embedded here, before the timed loop.
            List<float[]> queryVectors = qs.stream().map(embedder::embed).toList();
            long[] serverSearch = new long[queries];
            long[] serverEmbed = new long[queries];
            int agree = 0;
            for (int i = 0; i < queries + warmup; i++) {
                String q = qs.get(i);
                long s = System.nanoTime();
                ProfileQueryResult local = service.query(tenant, user, q, k);
                long localNanos = System.nanoTime() - s;
                s = System.nanoTime();
                MemoryApi.Response resp =
                        api.post(tenant, path, MemoryApi.JSON.writeValueAsString(Map.of("query", q, "k", k)));
                long httpNanos = System.nanoTime() - s;
                if (resp.status() != 200) {
                    throw new IllegalStateException(resp.body());
                }
                s = System.nanoTime();
                postWithUrlConnection(url, token, MemoryApi.JSON.writeValueAsString(Map.of("query", q, "k", k)));
                long urlNanos = System.nanoTime() - s;
                s = System.nanoTime();
                postWithUrlConnection(
                        url,
                        token,
                        MemoryApi.JSON.writeValueAsString(Map.of(
                                "query",
                                q,
                                "k",
                                k,
                                "queryVector",
                                queryVectors.get(i),
                                "queryVectorModel",
                                embedder.modelId())));
                long urlVectorNanos = System.nanoTime() - s;
                if (i >= warmup) {
                    int j = i - warmup;
                    inProc[j] = localNanos;
                    http[j] = httpNanos;
                    urlConn[j] = urlNanos;
                    urlConnVector[j] = urlVectorNanos;
                    serverSearch[j] = resp.json().get("searchMicros").asLong() * 1000;
                    serverEmbed[j] = resp.json().get("embedMicros").asLong() * 1000;
                    if (!local.hits().isEmpty()
                            && local.hits()
                                    .getFirst()
                                    .fact()
                                    .id()
                                    .toString()
                                    .equals(resp.json()
                                            .get("hits")
                                            .get(0)
                                            .get("fact")
                                            .get("id")
                                            .asString())) {
                        agree++;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "load after queries: %s%n", loadAverage());
            System.out.printf(
                    Locale.ROOT,
                    "profile query, %d facts, k=%d, %d queries (after %d warm-up):%n",
                    facts,
                    k,
                    queries,
                    warmup);
            report("  in-process ProfileService.query (embed + search)", inProc);
            report("  HTTP POST /profile/query, java.net.http.HttpClient (client wall)", http);
            report("  HTTP POST /profile/query, HttpURLConnection keep-alive (client wall)", urlConn);
            report(
                    "  HTTP POST /profile/query with the caller's queryVector, HttpURLConnection (client wall)",
                    urlConnVector);
            report("  server-reported graph search", serverSearch);
            report("  server-reported query embedding", serverEmbed);
            System.out.printf(Locale.ROOT, "  same top-1 in-process and HTTP: %d/%d%n", agree, queries);
            io.micrometer.core.instrument.Timer timer = ctx.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                    .find("mnemos.memory.profile.query")
                    .timer();
            if (timer != null) {
                StringBuilder sb = new StringBuilder(
                        "  server handler (Micrometer mnemos.memory.profile.query, all HTTP queries incl. warm-up):");
                for (var v : timer.takeSnapshot().percentileValues()) {
                    sb.append(String.format(
                            Locale.ROOT,
                            " p%.0f %.2f ms",
                            v.percentile() * 100,
                            v.value(java.util.concurrent.TimeUnit.MILLISECONDS)));
                }
                System.out.println(sb);
            }

            // ---- writes ----------------------------------------------------------------------------------------
            String writer = "writer-" + UUID.randomUUID().toString().substring(0, 6);
            t0 = System.nanoTime();
            for (int i = 0; i < writes; i++) {
                MemoryApi.Response w = api.post(
                        tenant,
                        "/v1/users/" + writer + "/profile/facts",
                        MemoryApi.JSON.writeValueAsString(
                                Map.of("attribute", ATTRIBUTES[i % ATTRIBUTES.length], "value", "http value " + i)));
                if (w.status() != 201) {
                    throw new IllegalStateException(w.body());
                }
            }
            double httpSeq = writes / secs(t0);
            AtomicInteger next = new AtomicInteger();
            String writer4 = writer + "-c4";
            ExecutorService pool = Executors.newFixedThreadPool(4);
            t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                fs.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < writes; i = next.getAndIncrement()) {
                        MemoryApi.Response w = api.post(
                                tenant,
                                "/v1/users/" + writer4 + "/profile/facts",
                                MemoryApi.JSON.writeValueAsString(Map.of(
                                        "attribute", ATTRIBUTES[i % ATTRIBUTES.length], "value", "conc value " + i)));
                        if (w.status() != 201) {
                            throw new IllegalStateException(w.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdown();
            double http4 = writes / secs(t0);
            t0 = System.nanoTime();
            for (int i = 0; i < writes; i++) {
                service.upsert(
                        tenant,
                        new ProfileUpsert(
                                writer + "-local",
                                ATTRIBUTES[i % ATTRIBUTES.length],
                                "local value " + i,
                                Polarity.POSITIVE,
                                0.9,
                                "bench",
                                null,
                                Instant.now(),
                                null));
            }
            double local = writes / secs(t0);
            long outbox = jdbc.queryForObject(
                    "SELECT count(*) FROM outbox_event WHERE record_key LIKE ?", Long.class, tenant + ":%");
            System.out.printf(
                    Locale.ROOT,
                    "writes (new facts, each: MiniLM embedding + row + outbox row in one tx), %d each:%n",
                    writes);
            System.out.printf(Locale.ROOT, "  HTTP, 1 client:  %.1f facts/s%n", httpSeq);
            System.out.printf(Locale.ROOT, "  HTTP, 4 clients: %.1f facts/s%n", http4);
            System.out.printf(Locale.ROOT, "  in-process ProfileService.upsert, 1 thread: %.1f facts/s%n", local);
            System.out.printf(Locale.ROOT, "  outbox rows of the tenant: %d (expected %d)%n", outbox, 3L * writes);
            System.out.printf(Locale.ROOT, "load at end: %s%n", loadAverage());
        } finally {
            ctx.close();
        }
    }

    /** One POST with the body written in one go (no Nagle / delayed-ACK interplay between header and body writes). */
    private static void postWithUrlConnection(java.net.URL url, String token, String body) throws java.io.IOException {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) url.openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.setRequestProperty(io.mnemos.contracts.identity.InternalToken.HEADER, token);
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        c.setFixedLengthStreamingMode(bytes.length);
        try (var out = c.getOutputStream()) {
            out.write(bytes);
        }
        if (c.getResponseCode() != 200) {
            throw new IllegalStateException("HTTP " + c.getResponseCode());
        }
        try (var in = c.getInputStream()) {
            in.readAllBytes();
        }
    }

    private static void seed(
            JdbcTemplate jdbc,
            String tenant,
            String user,
            int n,
            List<String> baseTexts,
            List<float[]> baseVectors,
            SplittableRandom r) {
        Timestamp now = Timestamp.from(Instant.now());
        int batch = 2000;
        for (int from = 0; from < n; from += batch) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + batch); i++) {
                int b = i % baseTexts.size();
                float[] v = i < baseVectors.size() ? baseVectors.get(b) : noisy(baseVectors.get(b), r, 0.48f);
                String attribute = ATTRIBUTES[b % ATTRIBUTES.length];
                String value = baseTexts.get(b).substring(baseTexts.get(b).indexOf(':') + 2) + " #" + i;
                rows.add(new Object[] {
                    io.mnemos.contracts.Ids.newId(),
                    tenant,
                    user,
                    attribute,
                    value,
                    value.toLowerCase(Locale.ROOT),
                    (short) 1,
                    0.8,
                    1,
                    "bench",
                    now,
                    now,
                    "ACTIVE",
                    JdbcProfileStore.encode(v),
                    now,
                    now
                });
            }
            jdbc.batchUpdate(
                    "INSERT INTO profile_fact (id, tenant, user_id, attribute, value, normalized_value, polarity,"
                            + " confidence, evidence_count, source, valid_from, last_observed_at, status, embedding,"
                            + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows);
        }
    }

    /** normalise(v + sigma * gaussian noise): cos ≈ 0.9 to {@code v} for sigma 0.48 at 384 dimensions. */
    private static float[] noisy(float[] v, SplittableRandom r, float sigma) {
        float[] out = new float[v.length];
        double scale = sigma / Math.sqrt(v.length);
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            double g = gaussian(r);
            out[i] = (float) (v[i] + scale * g);
            norm += out[i] * out[i];
        }
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < out.length; i++) {
            out[i] *= inv;
        }
        return out;
    }

    private static double gaussian(SplittableRandom r) {
        double u = Math.max(1e-12, r.nextDouble());
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf(
                Locale.ROOT,
                "%s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                what,
                s[(int) (s.length * 0.50)] / 1e6,
                s[(int) (s.length * 0.90)] / 1e6,
                s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.99) - 1)] / 1e6,
                s[s.length - 1] / 1e6);
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String loadAverage() {
        return String.format(
                Locale.ROOT,
                "%.2f (1-min load average, 2 cores)",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
