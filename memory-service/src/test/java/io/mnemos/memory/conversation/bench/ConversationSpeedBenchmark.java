package io.mnemos.memory.conversation.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.devstack.JdbcSettings;
import io.mnemos.memory.conversation.ConversationImport;
import io.mnemos.memory.conversation.ConversationImporter;
import io.mnemos.memory.conversation.ConversationIndex;
import io.mnemos.memory.conversation.ConversationIndexer;
import io.mnemos.memory.conversation.ConversationProperties;
import io.mnemos.memory.conversation.ConversationStore;
import io.mnemos.memory.conversation.SearchMode;
import io.mnemos.memory.conversation.TurnDocument;
import io.mnemos.memory.conversation.TurnHit;
import io.mnemos.memory.conversation.TurnQuery;
import io.mnemos.model.Embedder;
import io.mnemos.model.MiniLmEmbedder;
import io.mnemos.testsupport.TestInfra;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Conversation search latency at scale and import throughput.
 *
 * <pre>
 * # latency: N synthetic turns over U users (synthetic text, precomputed synthetic 384-d vectors: no model), queries
 * # per user; baseline in the same run: exact brute-force kNN over the user's turns (also gives kNN recall@10)
 * ./mvnw -q -o -pl memory-service test-compile exec:exec \
 *     -Dbench.main=io.mnemos.memory.conversation.bench.ConversationSpeedBenchmark -Dbench.args="latency 1000000 1000"
 * # import: LoCoMo turns through ConversationImporter into real PostgreSQL + the index, real int8 MiniLM
 * ... -Dbench.args="import"
 * </pre>
 */
public final class ConversationSpeedBenchmark {

    static final String[] WORDS = ("tea coffee hiking painting garden dog cat school work kids race charity"
                    + " music guitar violin camping beach lake sunrise book library adoption support group family"
                    + " friend trip paris berlin train car bike yoga running swimming pottery dinner pizza sushi"
                    + " birthday wedding concert museum park movie game job interview doctor vacation weekend")
            .split(" ");

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "latency";
        switch (mode) {
            case "latency" ->
                latency(
                        args.length > 1 ? Integer.parseInt(args[1]) : 100_000,
                        args.length > 2 ? Integer.parseInt(args[2]) : 100);
            case "import" -> importThroughput();
            default -> throw new IllegalArgumentException("latency [turns] [users] | import");
        }
    }

    static float[] randomUnit(Random rnd, float[] centre, double noise) {
        float[] v = new float[384];
        double n = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((centre == null ? 0 : centre[i]) + noise * rnd.nextGaussian());
            n += v[i] * v[i];
        }
        float inv = (float) (1 / Math.sqrt(n));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }

    static void latency(int turns, int users) throws Exception {
        Random rnd = new Random(42);
        float[][] topics = new float[200][];
        for (int i = 0; i < topics.length; i++) {
            topics[i] = randomUnit(rnd, null, 1);
        }
        Path dir = Files.createTempDirectory("conv-latency");
        ConversationIndex.Settings settings = ConversationIndex.Settings.defaults()
                .withFusion(io.mnemos.search.Fusion.convex(0.3))
                .withContextWeight(1.0f);
        int perUser = turns / users;
        // keep the vectors of user 0..9 for the exact baseline
        List<float[]>[] kept = new List[10];
        List<UUID>[] keptIds = new List[10];
        long t0 = System.nanoTime();
        try (ConversationIndex index = new ConversationIndex(dir, settings)) {
            List<TurnDocument> batch = new ArrayList<>();
            Instant start = Instant.parse("2024-01-01T00:00:00Z");
            for (int u = 0; u < users; u++) {
                UUID session = UUID.randomUUID();
                if (u < 10) {
                    kept[u] = new ArrayList<>();
                    keptIds[u] = new ArrayList<>();
                }
                for (int i = 0; i < perUser; i++) {
                    int topic = rnd.nextInt(topics.length);
                    float[] v = randomUnit(rnd, topics[topic], 0.06);
                    StringBuilder text = new StringBuilder();
                    for (int w = 0; w < 12; w++) {
                        text.append(WORDS[(topic * 7 + rnd.nextInt(6) * rnd.nextInt(9)) % WORDS.length])
                                .append(' ');
                    }
                    UUID id = UUID.randomUUID();
                    if (u < 10) {
                        kept[u].add(v);
                        keptIds[u].add(id);
                    }
                    batch.add(new TurnDocument(
                            id,
                            null,
                            session,
                            null,
                            "user-" + u,
                            i,
                            i % 2 == 0 ? "user" : "agent",
                            text.toString().strip(),
                            start.plusSeconds(60L * i),
                            text.toString(),
                            v));
                    if (batch.size() == 5000) {
                        index.index("bench", batch);
                        batch.clear();
                    }
                }
                if ((u + 1) % Math.max(1, users / 20) == 0) {
                    System.out.printf(
                            "indexed %d / %d turns (%.0f s)%n",
                            (long) (u + 1) * perUser, turns, (System.nanoTime() - t0) / 1e9);
                }
            }
            index.index("bench", batch);
            index.commit("bench");
            double buildSecs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "built %d turns (%d users x %d) in %.0f s wall%n", index.count("bench"), users, perUser, buildSecs);

            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            int queries = 400;
            for (String m : List.of("bm25", "dense", "hybrid", "exact-dense-baseline")) {
                long[] wall = new long[queries];
                long[] cpu = new long[queries];
                double recallSum = 0;
                for (int pass = 0; pass < 2; pass++) {
                    Random q = new Random(7);
                    for (int i = 0; i < queries; i++) {
                        int u = q.nextInt(10);
                        int topic = q.nextInt(topics.length);
                        float[] qv = randomUnit(q, topics[topic], 0.08);
                        String text = WORDS[q.nextInt(WORDS.length)] + " " + WORDS[q.nextInt(WORDS.length)];
                        long c0 = mx.getCurrentThreadCpuTime();
                        long w0 = System.nanoTime();
                        List<UUID> top;
                        if (m.equals("exact-dense-baseline")) {
                            top = exact(kept[u], keptIds[u], qv, 10);
                        } else {
                            List<TurnHit> hits = index.search(
                                    "bench", new TurnQuery("user-" + u, text, 10, SearchMode.parse(m), null, null), qv);
                            top = hits.stream().map(TurnHit::turnId).toList();
                        }
                        wall[i] = System.nanoTime() - w0;
                        cpu[i] = mx.getCurrentThreadCpuTime() - c0;
                        if (pass == 1 && m.equals("dense")) {
                            Set<UUID> want = new HashSet<>(exact(kept[u], keptIds[u], qv, 10));
                            recallSum += top.stream().filter(want::contains).count() / 10.0;
                        }
                    }
                }
                Arrays.sort(wall);
                Arrays.sort(cpu);
                System.out.printf(
                        "%-22s wall p50 %.2f ms p99 %.2f ms | thread CPU p50 %.2f ms p99 %.2f ms%s%n",
                        m,
                        wall[queries / 2] / 1e6,
                        wall[queries * 99 / 100] / 1e6,
                        cpu[queries / 2] / 1e6,
                        cpu[queries * 99 / 100] / 1e6,
                        m.equals("dense") ? String.format(" | kNN recall@10 vs exact %.3f", recallSum / queries) : "");
            }
        }
    }

    private static List<UUID> exact(List<float[]> vs, List<UUID> ids, float[] q, int k) {
        Integer[] order = new Integer[vs.size()];
        double[] s = new double[vs.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            float[] v = vs.get(i);
            double d = 0;
            for (int j = 0; j < v.length; j++) {
                d += v[j] * q[j];
            }
            s[i] = d;
        }
        Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
        List<UUID> out = new ArrayList<>(k);
        for (int i = 0; i < Math.min(k, order.length); i++) {
            out.add(ids.get(order[i]));
        }
        return out;
    }

    static void importThroughput() throws Exception {
        List<Locomo.Conversation> convs =
                Locomo.load(Locomo.file().orElseThrow(() -> new IllegalStateException("no LoCoMo data")));
        String schema = TestInfra.freshSchema("conv_import_bench");
        JdbcSettings db = TestInfra.jdbc();
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(db.url() + (db.url().contains("?") ? "&" : "?") + "currentSchema=" + schema);
        hc.setUsername(db.user());
        hc.setPassword(db.password());
        hc.setMaximumPoolSize(4);
        try (HikariDataSource ds = new HikariDataSource(hc);
                MiniLmEmbedder model = new MiniLmEmbedder()) {
            new ResourceDatabasePopulator(
                            new ClassPathResource("db/migration/V1__conversation.sql"),
                            new ClassPathResource("db/migration/V20__conversation_import.sql"))
                    .execute(ds);
            ConversationStore store = new ConversationStore(JdbcClient.create(ds), new JdbcTemplate(ds));
            DataSourceTransactionManager tm = new DataSourceTransactionManager(ds);
            Path dir = Files.createTempDirectory("conv-import");
            model.embed("warm up");
            for (String run : List.of("model", "cached-vectors")) {
                Embedder embedder = run.equals("model")
                        ? model
                        : new CachedEmbedder(model, Path.of("target/bench/locomo-embeddings.bin"));
                try (ConversationIndex index = new ConversationIndex(
                        dir.resolve(run), ConversationProperties.defaults().indexSettings(384))) {
                    ConversationIndexer indexer =
                            new ConversationIndexer(index, store, embedder, 2, new TransactionTemplate(tm));
                    ConversationImporter importer = new ConversationImporter(
                            store,
                            indexer,
                            new TransactionTemplate(tm),
                            ConversationProperties.defaults(),
                            new SimpleMeterRegistry());
                    long t0 = System.nanoTime();
                    int total = 0;
                    for (Locomo.Conversation c : convs.subList(0, run.equals("model") ? 1 : convs.size())) {
                        List<ConversationImport.Session> sessions = new ArrayList<>();
                        for (Locomo.Session s : c.sessions()) {
                            sessions.add(new ConversationImport.Session(
                                    s.id(),
                                    s.startedAt(),
                                    s.turns().stream()
                                            .map(t -> new ConversationImport.Turn(t.id(), t.speaker(), t.text(), null))
                                            .toList()));
                        }
                        ConversationImport.Result r =
                                importer.importSessions("bench-" + run, c.sampleId(), new ConversationImport(sessions));
                        total += r.turnsImported();
                    }
                    double secs = (System.nanoTime() - t0) / 1e9;
                    System.out.printf(
                            "import (%s): %d turns in %.1f s = %.0f turns/s (one transaction per"
                                    + " conversation, indexed and searchable on return)%n",
                            run, total, secs, total / secs);
                }
            }
        }
    }
}
