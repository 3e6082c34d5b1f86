package io.mnemos.retrieval.bench;

import io.mnemos.model.Embedder;
import io.mnemos.retrieval.index.DocumentToIndex;
import io.mnemos.retrieval.index.IndexRegistry;
import io.mnemos.retrieval.index.IndexSettings;
import io.mnemos.retrieval.index.IndexedChunk;
import io.mnemos.retrieval.index.VectorQuantization;
import io.mnemos.retrieval.ingest.Chunker;
import io.mnemos.retrieval.ingest.ChunkingOptions;
import io.mnemos.retrieval.ingest.IngestResult;
import io.mnemos.retrieval.ingest.Ingestor;
import io.mnemos.retrieval.ingest.SourceDocument;
import io.mnemos.retrieval.search.LuceneRetriever;
import io.mnemos.retrieval.search.RetrieverSettings;
import io.mnemos.retrieval.search.SearchHit;
import io.mnemos.retrieval.search.SearchMode;
import io.mnemos.retrieval.search.SearchRequest;
import io.mnemos.search.Fusion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;

/**
 * Search latency per mode and index build cost on synthetic chunks, and real-model ingestion throughput.
 *
 * <pre>
 * ./mvnw -q -pl retrieval-service test-compile exec:exec -Dbench.main=io.mnemos.retrieval.bench.SpeedBenchmark \
 *     -Dbench.jvm="-Xmx6g -XX:+UseParallelGC" -Dbench.args="latency 100000 INT8"
 * ./mvnw -q -pl retrieval-service test-compile exec:exec -Dbench.main=io.mnemos.retrieval.bench.SpeedBenchmark \
 *     -Dbench.args="ingest 1000"
 * </pre>
 *
 * <p>{@code latency N QUANT [queries]}: N synthetic chunks (60–100 words from a Zipf vocabulary of 50k pseudo-words;
 * 384-d unit vectors from 2,000 Gaussian clusters, so HNSW sees structured data), 5 chunks per document; reports build
 * time, segments, size on disk, kNN recall@10 vs exact search, and single-thread p50/p99 per mode through
 * {@link LuceneRetriever} with precomputed query vectors (query embedding, ~3–5 ms, is excluded: add it for dense and
 * hybrid). {@code ingest N}: the first N SciFact abstracts through chunk → embed (real model) → index.
 */
public final class SpeedBenchmark {

    static final int DIM = 384;
    static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean)
                                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
    }

    public static void main(String[] args) {
        String task = args.length > 0 ? args[0] : "latency";
        switch (task) {
            case "latency" ->
                latency(
                        args.length > 1 ? Integer.parseInt(args[1]) : 100_000,
                        args.length > 2 ? VectorQuantization.valueOf(args[2]) : VectorQuantization.INT8,
                        args.length > 3 ? Integer.parseInt(args[3]) : 1000);
            case "ingest" -> ingest(args.length > 1 ? Integer.parseInt(args[1]) : 1000);
            case "grow" ->
                grow(
                        args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000,
                        args.length > 2 ? VectorQuantization.valueOf(args[2]) : VectorQuantization.INT8,
                        args.length > 3 ? Integer.parseInt(args[3]) : 500,
                        args.length > 4 ? args[4] : "100000,300000,1000000");
            case "embedq" -> embedQueries(args.length > 1 ? Integer.parseInt(args[1]) : 800);
            default -> System.out.println("unknown task " + task);
        }
    }

    // ---------------------------------------------------------------- synthetic data

    static final class Synthetic {
        final Random rnd = new Random(42);
        final String[] vocab = new String[50_000];
        final double[] cumulative = new double[vocab.length];
        final float[][] centers = new float[2000][DIM];
        final float[] vectors;
        final int n;

        Synthetic(int n) {
            this.n = n;
            String syll = "ba be bi bo bu ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru"
                    + " sa se si so su ta te ti to tu za ze zi zo zu";
            String[] s = syll.split(" ");
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < vocab.length; ) {
                int len = 2 + rnd.nextInt(3);
                StringBuilder w = new StringBuilder();
                for (int j = 0; j < len; j++) {
                    w.append(s[rnd.nextInt(s.length)]);
                }
                if (seen.add(w.toString())) {
                    vocab[i++] = w.toString();
                }
            }
            double sum = 0;
            for (int i = 0; i < vocab.length; i++) {
                sum += 1.0 / (i + 1);
                cumulative[i] = sum;
            }
            for (int i = 0; i < cumulative.length; i++) {
                cumulative[i] /= sum;
            }
            for (float[] c : centers) {
                for (int d = 0; d < DIM; d++) {
                    c[d] = (float) rnd.nextGaussian();
                }
                normalise(c);
            }
            vectors = new float[n * DIM];
            for (int i = 0; i < n; i++) {
                float[] c = centers[rnd.nextInt(centers.length)];
                for (int d = 0; d < DIM; d++) {
                    vectors[i * DIM + d] = c[d] + (float) rnd.nextGaussian() * 0.06f;
                }
                normaliseSlice(vectors, i * DIM);
            }
        }

        String word() {
            int i = Arrays.binarySearch(cumulative, rnd.nextDouble());
            return vocab[i < 0 ? -i - 1 : i];
        }

        String words(int count) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    sb.append(i % 12 == 0 ? ". " : " ");
                }
                sb.append(word());
            }
            return sb.append('.').toString();
        }

        float[] vector(int i) {
            return Arrays.copyOfRange(vectors, i * DIM, (i + 1) * DIM);
        }

        float[] queryVector() {
            return queryVector(n);
        }

        /** A query near one of the first {@code limit} vectors. */
        float[] queryVector(int limit) {
            float[] base = vector(rnd.nextInt(limit));
            for (int d = 0; d < DIM; d++) {
                base[d] += (float) rnd.nextGaussian() * 0.03f;
            }
            normalise(base);
            return base;
        }

        /** 2–4 query words from the mid-frequency band (ranks 100..10,000). */
        String queryText() {
            int len = 2 + rnd.nextInt(3);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < len; i++) {
                sb.append(i > 0 ? " " : "").append(vocab[100 + rnd.nextInt(9_900)]);
            }
            return sb.toString();
        }

        int[] exactTop(float[] q, int k) {
            return exactTop(q, k, n);
        }

        /** Exact top k among the first {@code limit} vectors. */
        int[] exactTop(float[] q, int k, int limit) {
            int[] best = new int[k];
            float[] bestScore = new float[k];
            Arrays.fill(bestScore, Float.NEGATIVE_INFINITY);
            for (int i = 0; i < limit; i++) {
                float dot = 0;
                int off = i * DIM;
                for (int d = 0; d < DIM; d++) {
                    dot += q[d] * vectors[off + d];
                }
                if (dot > bestScore[k - 1]) {
                    int pos = k - 1;
                    while (pos > 0 && bestScore[pos - 1] < dot) {
                        bestScore[pos] = bestScore[pos - 1];
                        best[pos] = best[pos - 1];
                        pos--;
                    }
                    bestScore[pos] = dot;
                    best[pos] = i;
                }
            }
            return best;
        }
    }

    static void normalise(float[] v) {
        normaliseSlice(v, 0, v.length);
    }

    static void normaliseSlice(float[] v, int off) {
        normaliseSlice(v, off, DIM);
    }

    static void normaliseSlice(float[] v, int off, int len) {
        double s = 0;
        for (int i = off; i < off + len; i++) {
            s += v[i] * v[i];
        }
        float inv = (float) (1 / Math.sqrt(s));
        for (int i = off; i < off + len; i++) {
            v[i] *= inv;
        }
    }

    /** Returns precomputed vectors for known query texts (query embedding excluded from latency). */
    static final class PrecomputedEmbedder implements Embedder {
        final Map<String, float[]> vectors = new HashMap<>();

        @Override
        public List<float[]> embedAll(List<String> texts) {
            return texts.stream().map(this::embed).toList();
        }

        @Override
        public float[] embed(String text) {
            float[] v = vectors.get(text);
            if (v == null) {
                throw new IllegalStateException("no vector for " + text);
            }
            return v;
        }

        @Override
        public int dimension() {
            return DIM;
        }

        @Override
        public int maxInputTokens() {
            return 512;
        }
    }

    // ---------------------------------------------------------------- latency

    static void latency(int n, VectorQuantization quant, int queries) {
        System.out.printf(Locale.ROOT, "latency: %,d chunks, %s, %d queries per mode%n", n, quant, queries);
        long t0 = System.nanoTime();
        Synthetic syn = new Synthetic(n);
        System.out.printf(Locale.ROOT, "  generated vectors in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        // -Dbench.dir=/some/path keeps the (expensive) index outside target/ so a `mvn clean` cannot delete it
        Path dir = Path.of(System.getProperty("bench.dir", QualityBenchmark.WORK.toString()))
                .resolve("speed-" + quant + "-" + n);
        boolean reuse = java.nio.file.Files.exists(dir.resolve("BUILT"));
        if (!reuse) {
            QualityBenchmark.deleteRecursively(dir);
        } else {
            System.out.println("  reusing the index built before in " + dir + " (delete it to rebuild)");
        }
        IndexSettings settings = IndexSettings.defaults(dir, DIM)
                .withQuantization(quant)
                .forBulkLoad(Double.parseDouble(System.getProperty("bench.ramMb", "256")));
        try (IndexRegistry registry = new IndexRegistry(settings)) {
            long build = System.nanoTime();
            double buildCpu0 = processCpuSeconds();
            int perDoc = 5;
            if (!reuse) {
                buildIndex(registry, syn, n, perDoc, build, buildCpu0);
            }
            double buildSec = (System.nanoTime() - build) / 1e9;
            if (!reuse) {
                System.out.printf(
                        Locale.ROOT,
                        "  build CPU time (all threads of this process): %.1f s%n",
                        processCpuSeconds() - buildCpu0);
            }
            if (!reuse) {
                try {
                    java.nio.file.Files.writeString(dir.resolve("BUILT"), buildSec + "\n");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            int mergeTo = Integer.getInteger("bench.forceMerge", 0);
            if (mergeTo > 0) {
                long m = System.nanoTime();
                double mCpu = processCpuSeconds();
                registry.write("speed", idx -> {
                    idx.forceMerge(mergeTo);
                    return null;
                });
                System.out.printf(
                        Locale.ROOT,
                        "  force-merged to <= %d segments in %.1f s (process CPU %.1f s)%n",
                        mergeTo,
                        (System.nanoTime() - m) / 1e9,
                        processCpuSeconds() - mCpu);
            }
            int segments = registry.read(
                            "speed",
                            idx -> idx.withSearcher(
                                    s -> s.getIndexReader().leaves().size()))
                    .orElseThrow();
            long bytes = QualityBenchmark.dirSize(dir);
            System.out.printf(
                    Locale.ROOT,
                    "  build: %.1f s (%.0f chunks/s, vectors+text, bulk, no embedding), %d segments, %.1f MB on disk"
                            + " (%.0f B/chunk)%n",
                    buildSec,
                    n / buildSec,
                    segments,
                    bytes / 1e6,
                    bytes / (double) n);

            PrecomputedEmbedder emb = new PrecomputedEmbedder();
            List<String> qs = new ArrayList<>();
            for (int i = 0; i < queries + 200; i++) {
                String q = syn.queryText() + " #" + i; // unique key; '#i' is one extra rare token
                qs.add(q);
                emb.vectors.put(q, syn.queryVector());
            }
            LuceneRetriever retriever = new LuceneRetriever(registry, emb, RetrieverSettings.defaults());
            // kNN recall@10 vs exact
            int recallQueries = Math.min(100, queries);
            double recall = 0;
            for (int i = 0; i < recallQueries; i++) {
                float[] q = emb.vectors.get(qs.get(i));
                Set<String> exact = new HashSet<>();
                for (int id : syn.exactTop(q, 10)) {
                    exact.add("c" + id);
                }
                List<SearchHit> hits = retriever
                        .search(SearchRequest.builder("speed", qs.get(i))
                                .collection("bench")
                                .mode(SearchMode.DENSE)
                                .k(10)
                                .build())
                        .hits();
                recall += hits.stream().filter(h -> exact.contains(h.chunkId())).count() / 10.0;
            }
            System.out.printf(
                    Locale.ROOT,
                    "  kNN recall@10 vs exact (%d queries): %.3f%n",
                    recallQueries,
                    recall / recallQueries);
            for (SearchMode mode : SearchMode.values()) {
                for (Fusion fusion : mode == SearchMode.HYBRID
                        ? List.of(Fusion.rrf(60), Fusion.convex(0.5))
                        : List.of(Fusion.rrf(60))) {
                    for (boolean filtered : new boolean[] {false, true}) {
                        long[] lat = new long[queries];
                        long[] cpu = new long[queries];
                        for (int i = 0; i < queries + 200; i++) {
                            SearchRequest.Builder b = SearchRequest.builder("speed", qs.get(i))
                                    .collection("bench")
                                    .mode(mode)
                                    .fusion(fusion)
                                    .k(10);
                            if (filtered) {
                                b.filters(Map.of("bucket", "b3"));
                            }
                            long c = THREADS.getCurrentThreadCpuTime();
                            long t = System.nanoTime();
                            retriever.search(b.build());
                            long dt = System.nanoTime() - t;
                            long dc = THREADS.getCurrentThreadCpuTime() - c;
                            if (i >= 200) {
                                lat[i - 200] = dt;
                                cpu[i - 200] = dc;
                            }
                        }
                        Arrays.sort(lat);
                        Arrays.sort(cpu);
                        System.out.printf(
                                Locale.ROOT,
                                "  %-7s %-22s %-10s wall p50 %6.2f p99 %6.2f ms | cpu p50 %6.2f p99 %6.2f ms%n",
                                mode,
                                mode == SearchMode.HYBRID ? fusion.toString() : "",
                                filtered ? "filter10%" : "",
                                lat[lat.length / 2] / 1e6,
                                lat[(int) Math.ceil(lat.length * 0.99) - 1] / 1e6,
                                cpu[cpu.length / 2] / 1e6,
                                cpu[(int) Math.ceil(cpu.length * 0.99) - 1] / 1e6);
                    }
                }
            }
            int check = registry.read(
                            "speed",
                            idx -> idx.withSearcher(s -> s.count(new TermQuery(new Term("collection", "bench")))))
                    .orElseThrow();
            System.out.printf(Locale.ROOT, "  (%,d chunks searchable)%n", check);
        }
        if (!Boolean.parseBoolean(System.getProperty("bench.keep", "true"))) {
            QualityBenchmark.deleteRecursively(dir);
        }
    }

    /**
     * {@code grow N QUANT QUERIES CHECKPOINTS}: builds one synthetic index up to N chunks and, at each checkpoint (a
     * comma-separated list of chunk counts), commits, refreshes and measures single-thread latency per mode
     * (unfiltered; BM25, dense, hybrid convex 0.5, hybrid RRF 60) on the index as it stands (segments as the writer
     * left them), plus
     * kNN recall@10 vs exact on 30 queries. Gives a latency-vs-size curve even when the largest size does not finish.
     */
    static void grow(int n, VectorQuantization quant, int queries, String checkpointList) {
        System.out.printf(
                Locale.ROOT, "grow: up to %,d chunks, %s, %d queries per mode per checkpoint%n", n, quant, queries);
        long t0 = System.nanoTime();
        Synthetic syn = new Synthetic(n);
        System.out.printf(Locale.ROOT, "  generated vectors in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        Path dir = Path.of(System.getProperty("bench.dir", QualityBenchmark.WORK.toString()))
                .resolve("grow-" + quant + "-" + n);
        QualityBenchmark.deleteRecursively(dir);
        IndexSettings settings = IndexSettings.defaults(dir, DIM)
                .withQuantization(quant)
                .forBulkLoad(Double.parseDouble(System.getProperty("bench.ramMb", "256")));
        int perDoc = 5;
        try (IndexRegistry registry = new IndexRegistry(settings)) {
            long build = System.nanoTime();
            double cpu0 = processCpuSeconds();
            int done = 0;
            for (String cp : checkpointList.split(",")) {
                int target = Math.min(n, Integer.parseInt(cp.strip()));
                buildIndex(registry, syn, done, target, perDoc, build, cpu0);
                done = target;
                int segments = registry.read(
                                "speed",
                                idx -> idx.withSearcher(
                                        s -> s.getIndexReader().leaves().size()))
                        .orElseThrow();
                System.out.printf(
                        Locale.ROOT,
                        "%n== checkpoint %,d chunks: build so far %.0f s wall, %.0f s process CPU; %d segments;"
                                + " %.1f MB on disk (%.0f B/chunk); load %s%n",
                        done,
                        (System.nanoTime() - build) / 1e9,
                        processCpuSeconds() - cpu0,
                        segments,
                        QualityBenchmark.dirSize(dir) / 1e6,
                        QualityBenchmark.dirSize(dir) / (double) done,
                        loadAverage());
                double measureCpu = processCpuSeconds();
                measure(registry, syn, done, queries);
                cpu0 += processCpuSeconds() - measureCpu; // keep build CPU free of search CPU
            }
        }
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static void measure(IndexRegistry registry, Synthetic syn, int indexed, int queries) {
        PrecomputedEmbedder emb = new PrecomputedEmbedder();
        List<String> qs = new ArrayList<>();
        int warm = 100;
        for (int i = 0; i < queries + warm; i++) {
            String q = syn.queryText() + " #" + indexed + "-" + i;
            qs.add(q);
            emb.vectors.put(q, syn.queryVector(indexed));
        }
        LuceneRetriever retriever = new LuceneRetriever(registry, emb, RetrieverSettings.defaults());
        int recallQueries = Math.min(30, queries);
        double recall = 0;
        for (int i = 0; i < recallQueries; i++) {
            Set<String> exact = new HashSet<>();
            for (int id : syn.exactTop(emb.vectors.get(qs.get(i)), 10, indexed)) {
                exact.add("c" + id);
            }
            recall += retriever
                            .search(SearchRequest.builder("speed", qs.get(i))
                                    .collection("bench")
                                    .mode(SearchMode.DENSE)
                                    .k(10)
                                    .build())
                            .hits()
                            .stream()
                            .filter(h -> exact.contains(h.chunkId()))
                            .count()
                    / 10.0;
        }
        System.out.printf(
                Locale.ROOT, "  kNN recall@10 vs exact (%d queries): %.3f%n", recallQueries, recall / recallQueries);
        for (Object[] m : List.of(
                new Object[] {SearchMode.BM25, null},
                new Object[] {SearchMode.DENSE, null},
                new Object[] {SearchMode.HYBRID, Fusion.convex(0.5)},
                new Object[] {SearchMode.HYBRID, Fusion.rrf(60)})) {
            SearchMode mode = (SearchMode) m[0];
            Fusion fusion = (Fusion) m[1];
            long[] lat = new long[queries];
            long[] cpu = new long[queries];
            for (int i = 0; i < queries + warm; i++) {
                SearchRequest.Builder b = SearchRequest.builder("speed", qs.get(i))
                        .collection("bench")
                        .mode(mode)
                        .k(10);
                if (fusion != null) {
                    b.fusion(fusion);
                }
                long c = THREADS.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                retriever.search(b.build());
                long dt = System.nanoTime() - t;
                long dc = THREADS.getCurrentThreadCpuTime() - c;
                if (i >= warm) {
                    lat[i - warm] = dt;
                    cpu[i - warm] = dc;
                }
            }
            Arrays.sort(lat);
            Arrays.sort(cpu);
            System.out.printf(
                    Locale.ROOT,
                    "  %-7s %-14s wall p50 %6.2f p99 %6.2f ms | cpu p50 %6.2f p99 %6.2f ms  (load %s)%n",
                    mode,
                    fusion == null ? "" : fusion.toString(),
                    lat[lat.length / 2] / 1e6,
                    lat[(int) Math.ceil(lat.length * 0.99) - 1] / 1e6,
                    cpu[cpu.length / 2] / 1e6,
                    cpu[(int) Math.ceil(cpu.length * 0.99) - 1] / 1e6,
                    loadAverage());
        }
    }

    /** Bulk indexing from 2 writer threads (IndexWriter is concurrent; HNSW insertion is the cost). */
    static void buildIndex(IndexRegistry registry, Synthetic syn, int n, int perDoc, long build, double cpu0) {
        buildIndex(registry, syn, 0, n, perDoc, build, cpu0);
    }

    /** Indexes synthetic chunks {@code from} (inclusive, a multiple of perDoc) to {@code n}, then commits. */
    static void buildIndex(
            IndexRegistry registry, Synthetic syn, int from, int n, int perDoc, long build, double cpu0) {
        int threads = Integer.getInteger("bench.indexThreads", 2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(threads * 2);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        try {
            List<DocumentToIndex> batch = new ArrayList<>();
            long last = System.nanoTime();
            for (int i = from; i < n; i += perDoc) {
                List<IndexedChunk> chunks = new ArrayList<>(perDoc);
                String title = syn.words(6);
                for (int c = 0; c < perDoc && i + c < n; c++) {
                    chunks.add(new IndexedChunk(
                            "c" + (i + c), c, title, syn.words(60 + syn.rnd.nextInt(41)), syn.vector(i + c)));
                }
                batch.add(new DocumentToIndex(
                        "bench", "d" + (i / perDoc), Map.of("bucket", "b" + ((i / perDoc) % 10)), chunks));
                if (batch.size() == 500 || i + perDoc >= n) {
                    List<DocumentToIndex> b = batch;
                    batch = new ArrayList<>();
                    inFlight.acquireUninterruptibly();
                    futures.add(pool.submit(() -> {
                        try {
                            registry.write("speed", idx -> {
                                idx.replaceDocuments(b);
                                return null;
                            });
                        } finally {
                            inFlight.release();
                        }
                    }));
                    if (System.nanoTime() - last > 60e9) {
                        System.out.printf(
                                Locale.ROOT,
                                "  ... %,d chunks after %.0f s (process CPU %.0f s)%n",
                                i + perDoc,
                                (System.nanoTime() - build) / 1e9,
                                processCpuSeconds() - cpu0);
                        last = System.nanoTime();
                    }
                }
            }
            for (var f : futures) {
                f.get();
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
        registry.write("speed", idx -> {
            idx.commit();
            idx.refresh();
            return null;
        });
    }

    // ---------------------------------------------------------------- query embedding (real model)

    /**
     * {@code embedq N}: embeds N SciFact training claims one at a time (as a search request does) with the chosen
     * embedder after 50 warm-up claims; wall p50/p99 per query and process CPU per query (ONNX Runtime runs on its own
     * threads, so the calling thread's CPU time would miss it).
     */
    static void embedQueries(int n) {
        var dir = SciFact.locate();
        if (dir.isEmpty()) {
            System.out.println("SKIPPED embedq: ../shared/data/scifact not found");
            return;
        }
        String name = System.getProperty("embedder", "auto");
        if (name.equals("auto")) {
            name = BenchEmbedders.autoName();
        }
        Embedder embedder = BenchEmbedders.create(name);
        List<String> claims = SciFact.load(dir.get()).claims().stream()
                .map(SciFact.Claim::text)
                .toList();
        for (int i = 0; i < 50; i++) {
            embedder.embed(claims.get(claims.size() - 1 - i));
        }
        n = Math.min(n, claims.size() - 50);
        long[] lat = new long[n];
        double cpu0 = processCpuSeconds();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            embedder.embed(claims.get(i));
            lat[i] = System.nanoTime() - t;
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = processCpuSeconds() - cpu0;
        Arrays.sort(lat);
        System.out.printf(
                Locale.ROOT,
                "embedq (%s): %d claims one at a time: wall p50 %.2f p99 %.2f max %.2f ms; mean wall %.2f ms;"
                        + " process CPU %.2f ms per query%n",
                name,
                n,
                lat[n / 2] / 1e6,
                lat[(int) Math.ceil(n * 0.99) - 1] / 1e6,
                lat[n - 1] / 1e6,
                wall * 1e3 / n,
                cpu * 1e3 / n);
    }

    // ---------------------------------------------------------------- ingestion throughput (real model)

    static void ingest(int docs) {
        var dir = SciFact.locate();
        if (dir.isEmpty()) {
            System.out.println("SKIPPED ingest: ../shared/data/scifact not found");
            return;
        }
        String name = System.getProperty("embedder", "auto");
        if (name.equals("auto")) {
            name = BenchEmbedders.autoName();
        }
        Embedder embedder = BenchEmbedders.create(name);
        embedder.embed("warm up the model");
        List<SourceDocument> corpus = SciFact.load(dir.get()).corpus();
        corpus = corpus.subList(0, Math.min(docs, corpus.size()));
        Path idxDir = QualityBenchmark.freshDir("ingest");
        try (IndexRegistry registry = new IndexRegistry(IndexSettings.defaults(idxDir, DIM))) {
            Ingestor ingestor = new Ingestor(registry, embedder, new Chunker(ChunkingOptions.defaults()));
            long t = System.nanoTime();
            double cpu0 = processCpuSeconds();
            long embed = 0;
            long index = 0;
            int chunks = 0;
            for (int i = 0; i < corpus.size(); i += 100) {
                IngestResult r =
                        ingestor.ingest("ingest", "scifact", corpus.subList(i, Math.min(corpus.size(), i + 100)));
                embed += r.embedMillis();
                index += r.indexMillis();
                chunks += r.chunks();
            }
            double sec = (System.nanoTime() - t) / 1e9;
            double cpu = processCpuSeconds() - cpu0;
            System.out.printf(
                    Locale.ROOT,
                    "  process CPU time %.1f s = %.0f chunks per CPU-second (an idle 2-core machine gives up to ~2x"
                            + " that per wall second)%n",
                    cpu,
                    chunks / cpu);
            System.out.printf(
                    Locale.ROOT,
                    "ingest (%s): %d docs, %d chunks in %.1f s: %.0f chunks/s end to end (embedding %.1f s = %.0f"
                            + " chunks/s; index+commit+refresh per 100-doc batch %.1f s)%n",
                    name,
                    corpus.size(),
                    chunks,
                    sec,
                    chunks / sec,
                    embed / 1e3,
                    chunks / (embed / 1e3),
                    index / 1e3);
        }
        QualityBenchmark.deleteRecursively(idxDir);
    }
}
