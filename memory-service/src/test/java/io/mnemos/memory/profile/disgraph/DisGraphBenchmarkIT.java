package io.mnemos.memory.profile.disgraph;

import io.mnemos.memory.profile.TestEmbedders;
import io.mnemos.model.Embedder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * DisGraph latency and recall against brute force, printed as a table. Not a JMH benchmark: one JVM, warm-up passes,
 * nanoTime per query, on a shared 2-core machine (noisy). Sizes from {@code -Dmnemos.bench.sizes} (default
 * {@code 10000,100000}); {@code -Dmnemos.bench.million=true} adds 1M synthetic int8 vectors.
 *
 * <p>10k and 100k: MiniLM (int8, 384-d) embeddings of synthetic fact texts ({@link FactTexts}), cached in
 * {@code target/bench-cache}. 1M: {@link SyntheticVectors} (clustered, 384-d), stored quantized (int8); recall is
 * against exact float32 search over regenerated vectors.
 */
class DisGraphBenchmarkIT {

    private static final int K = 10;
    private static final int QUERIES = 200;

    @Test
    // A benchmark, not a regression test: embedding 10k facts takes minutes, so it runs only on request.
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "mnemos.bench", matches = "true")
    void latencyAndRecall() throws IOException {
        Embedder embedder = TestEmbedders.miniLm();
        List<String> queryTexts = FactTexts.queries(QUERIES, 99);
        long[] embedMicros = new long[QUERIES];
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < QUERIES; i++) {
                long t0 = System.nanoTime();
                embedder.embed(queryTexts.get(i));
                embedMicros[i] = (System.nanoTime() - t0) / 1_000;
            }
        }
        System.out.println("[disgraph-bench] query embedding (MiniLM int8, one sentence): " + stats(embedMicros));
        float[][] queries = embedder.embedAll(queryTexts).toArray(float[][]::new);

        float[][] real = factVectors(embedder, 10_000);
        for (String s : System.getProperty("mnemos.bench.sizes", "10000,100000").split(",")) {
            if (s.isBlank()) {
                continue;
            }
            int n = Integer.parseInt(s.trim());
            if (n <= real.length) {
                run("MiniLM facts", n, DisGraphParams.defaults(), i -> real[i], queries, null);
            } else {
                // Beyond 10k: each real fact embedding anchors n/10k noisy copies (cos ≈ 0.9 to the anchor).
                SplittableRandomVectors noisy = new SplittableRandomVectors(real, 0.48f, 7);
                float[][] data = new float[n][];
                for (int i = 0; i < n; i++) {
                    data[i] = i < real.length ? real[i] : noisy.vector(i);
                }
                run("MiniLM-anchored", n, DisGraphParams.defaults(), i -> data[i], queries, null);
            }
        }
        if (Boolean.getBoolean("mnemos.bench.million")) {
            int n = Integer.getInteger("mnemos.bench.millionSize", 1_000_000);
            SyntheticVectors syn = new SyntheticVectors(384, 1000, 32, 0.6f, 2026);
            float[][] q = new float[QUERIES][];
            for (int i = 0; i < QUERIES; i++) {
                q[i] = syn.query(i);
            }
            DisGraphParams params = DisGraphParams.defaults()
                    .withQuantized(true)
                    .withEfConstruction(Integer.getInteger("mnemos.bench.efc", 64))
                    .withLinks(
                            Integer.getInteger("mnemos.bench.links", 16),
                            2 * Integer.getInteger("mnemos.bench.links", 16))
                    .withPivots(256, 4);
            int[][] truth = exactFloatTruth(syn, n, q);
            run("synthetic int8", n, params, syn::vector, q, truth);
            if (Boolean.getBoolean("mnemos.bench.syntheticFloat")) {
                run("synthetic f32", n, params.withQuantized(false), syn::vector, q, truth);
            }
        }
    }

    private void run(
            String label,
            int n,
            DisGraphParams params,
            java.util.function.IntFunction<float[]> data,
            float[][] queries,
            int[][] floatTruth) {
        System.gc();
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        DisGraph g = new DisGraph(384, params, n);
        for (int i = 0; i < n; i++) {
            g.add(data.apply(i));
            if ((i + 1) % 100_000 == 0) {
                System.out.printf("[disgraph-bench]   built %d in %.1f s%n", i + 1, (System.nanoTime() - t0) / 1e9);
            }
        }
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        double buildCpuSeconds = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
        int[][] truth = floatTruth;
        int[][] storedTruth = new int[queries.length][];
        long[] brute = new long[queries.length];
        long[] bruteCpu = new long[queries.length];
        if (truth == null) {
            truth = new int[queries.length][];
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < queries.length; i++) {
                long c1 = cpu.getCurrentThreadCpuTime();
                long t1 = System.nanoTime();
                GraphSearchResult r = g.exactSearch(queries[i], K);
                brute[i] = (System.nanoTime() - t1) / 1_000;
                bruteCpu[i] = (cpu.getCurrentThreadCpuTime() - c1) / 1_000;
                storedTruth[i] = r.hits().stream().mapToInt(GraphHit::node).toArray();
                if (floatTruth == null) {
                    truth[i] = storedTruth[i];
                }
            }
        }
        for (int ef : new int[] {32, 64, 128}) {
            for (int hops : new int[] {0, 2}) {
                long[] lat = new long[queries.length];
                long[] cpuLat = new long[queries.length];
                double recall = 0;
                double recallStored = 0;
                long dist = 0;
                for (int pass = 0; pass < 3; pass++) {
                    recall = 0;
                    recallStored = 0;
                    dist = 0;
                    for (int i = 0; i < queries.length; i++) {
                        long c1 = cpu.getCurrentThreadCpuTime();
                        long t1 = System.nanoTime();
                        GraphSearchResult r = g.search(queries[i], K, ef, hops, params.expansionRadius());
                        lat[i] = (System.nanoTime() - t1) / 1_000;
                        cpuLat[i] = (cpu.getCurrentThreadCpuTime() - c1) / 1_000;
                        recall += overlap(r.hits(), truth[i]);
                        recallStored += overlap(r.hits(), storedTruth[i]);
                        dist += r.distanceComputations();
                    }
                }
                System.out.printf(
                        "[disgraph-bench] %s n=%d %s ef=%d h=%d: graph wall %s, cpu %s, recall@%d %.3f (vs exact on stored vectors %.3f), %d"
                                + " dist/query"
                                + " | brute force wall %s, cpu %s | build %.1f s wall, %.1f s cpu, ~%d MB%n",
                        label,
                        n,
                        params.quantized() ? "int8" : "float32",
                        ef,
                        hops,
                        stats(lat),
                        stats(cpuLat),
                        K,
                        recall / queries.length,
                        recallStored / queries.length,
                        dist / queries.length,
                        stats(brute),
                        stats(bruteCpu),
                        buildSeconds,
                        buildCpuSeconds,
                        g.memoryBytes() >> 20);
            }
        }
    }

    /** Exact top-k by float32 dot product over regenerated vectors (one pass over the data for all queries). */
    private static int[][] exactFloatTruth(SyntheticVectors syn, int n, float[][] queries) {
        long t0 = System.nanoTime();
        int q = queries.length;
        float[][] topSim = new float[q][K];
        int[][] topId = new int[q][K];
        for (float[] row : topSim) {
            Arrays.fill(row, -2);
        }
        for (int i = 0; i < n; i++) {
            float[] v = syn.vector(i);
            for (int j = 0; j < q; j++) {
                float s = org.apache.lucene.util.VectorUtil.dotProduct(v, queries[j]);
                float[] ts = topSim[j];
                if (s > ts[K - 1]) {
                    int p = K - 1;
                    while (p > 0 && ts[p - 1] < s) {
                        ts[p] = ts[p - 1];
                        topId[j][p] = topId[j][p - 1];
                        p--;
                    }
                    ts[p] = s;
                    topId[j][p] = i;
                }
            }
        }
        System.out.printf(
                "[disgraph-bench]   exact float32 truth for %d queries over %d vectors in %.1f s%n",
                q, n, (System.nanoTime() - t0) / 1e9);
        return topId;
    }

    private static float[][] factVectors(Embedder embedder, int n) throws IOException {
        Path cache = Path.of("target", "bench-cache", "facts-" + n + ".bin");
        if (Files.exists(cache)) {
            try (DataInputStream in =
                    new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache)))) {
                int count = in.readInt();
                int dim = in.readInt();
                float[][] out = new float[count][dim];
                for (float[] v : out) {
                    for (int d = 0; d < dim; d++) {
                        v[d] = in.readFloat();
                    }
                }
                return out;
            }
        }
        List<String> texts = FactTexts.facts(n, 1);
        long t0 = System.nanoTime();
        List<float[]> vs = new ArrayList<>(n);
        for (int i = 0; i < n; i += 256) {
            vs.addAll(embedder.embedAll(texts.subList(i, Math.min(n, i + 256))));
        }
        System.out.printf("[disgraph-bench]   embedded %d fact texts in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        Files.createDirectories(cache.getParent());
        try (DataOutputStream out =
                new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(cache)))) {
            out.writeInt(n);
            out.writeInt(vs.getFirst().length);
            for (float[] v : vs) {
                for (float x : v) {
                    out.writeFloat(x);
                }
            }
        }
        return vs.toArray(float[][]::new);
    }

    /** Noisy copies of real vectors: copy i of anchor {@code i % anchors}. */
    private record SplittableRandomVectors(float[][] anchors, float noise, long seed) {
        float[] vector(int i) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed * 31 + i);
            float[] a = anchors[i % anchors.length];
            float[] g = SyntheticVectors.unitGaussian(r, a.length);
            float[] v = new float[a.length];
            for (int d = 0; d < a.length; d++) {
                v[d] = a[d] + noise * g[d];
            }
            return SyntheticVectors.normalise(v);
        }
    }

    private static double overlap(List<GraphHit> hits, int[] truth) {
        Set<Integer> t = new HashSet<>();
        for (int x : truth) {
            t.add(x);
        }
        return hits.stream().filter(h -> t.contains(h.node())).count() / (double) truth.length;
    }

    private static String stats(long[] micros) {
        long[] a = micros.clone();
        Arrays.sort(a);
        return String.format(
                "p50 %d us / p95 %d us / p99 %d us",
                a[a.length / 2], a[(int) Math.ceil(a.length * 0.95) - 1], a[(int) Math.ceil(a.length * 0.99) - 1]);
    }
}
