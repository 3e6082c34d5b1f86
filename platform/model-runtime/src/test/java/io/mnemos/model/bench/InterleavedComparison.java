package io.mnemos.model.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.mnemos.model.BatchingEmbedder;
import io.mnemos.model.Embedder;
import io.mnemos.model.MiniLmEmbedder;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A companion to {@link EmbedderBenchmark} for a shared, busy machine: every variant runs once per round, in rotating
 * order, for many rounds in one JVM, so load that comes and goes hits all variants alike. Reports the median wall-clock
 * throughput and the median process CPU time per sentence (which the other tenants of the machine barely affect; it
 * includes ONNX Runtime's native threads, spinning included).
 *
 * <p>{@code ./mvnw -q -pl platform/model-runtime test-compile exec:exec
 * -Dbench.main=io.mnemos.model.bench.InterleavedComparison -Dbench.args=20} (argument: rounds, default 20).
 */
public final class InterleavedComparison {

    private InterleavedComparison() {}

    private record Variant(String name, int sentences, Runnable run) {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<String> s32 = new ArrayList<>(EmbedderBenchmark.SENTENCES);
        List<String> s128 = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            s128.add(s32.get(i % s32.size()));
        }
        MiniLmEmbedder mini = new MiniLmEmbedder();
        MiniLmEmbedder spinning =
                new MiniLmEmbedder(MiniLmEmbedder.Config.defaults().withSpinning(true));
        mini.load();
        spinning.load();
        BatchingEmbedder batching = new BatchingEmbedder(mini, 32, Duration.ofMillis(2));
        AllMiniLmL6V2QuantizedEmbeddingModel stock = new AllMiniLmL6V2QuantizedEmbeddingModel();
        List<TextSegment> seg32 = s32.stream().map(TextSegment::from).toList();
        ExecutorService callers = Executors.newFixedThreadPool(4);

        List<Variant> variants = new ArrayList<>(List.of(
                new Variant("stock single", 32, () -> s32.forEach(stock::embed)),
                new Variant("miniLm single", 32, () -> s32.forEach(mini::embed)),
                new Variant("miniLm single, spinning", 32, () -> s32.forEach(spinning::embed)),
                new Variant("stock list of 32", 32, () -> stock.embedAll(seg32)),
                new Variant("miniLm batch 32", 32, () -> mini.embedAll(s32)),
                new Variant("miniLm batch 32, spinning", 32, () -> spinning.embedAll(s32)),
                new Variant("miniLm batch 128", 128, () -> mini.embedAll(s128)),
                new Variant("miniLm single, 4 threads", 32, () -> concurrently(callers, mini, s32)),
                new Variant("batching single, 4 threads", 32, () -> concurrently(callers, batching, s32))));
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, List<double[]>> samples = new LinkedHashMap<>();
        variants.forEach(v -> samples.put(v.name(), new ArrayList<>()));
        for (int round = 0; round <= rounds; round++) { // round 0 warms up
            Collections.rotate(variants, 1);
            for (Variant v : variants) {
                long cpu = os.getProcessCpuTime();
                long start = System.nanoTime();
                v.run().run();
                double wall = (System.nanoTime() - start) / 1e9;
                double cpuMs = (os.getProcessCpuTime() - cpu) / 1e6;
                if (round > 0) {
                    samples.get(v.name()).add(new double[] {v.sentences() / wall, cpuMs / v.sentences()});
                }
            }
        }
        System.out.printf(
                "%-28s %28s %26s%n",
                "variant (" + rounds + " rounds)", "sentences/s median [q1, q3]", "CPU ms/sentence [q1, q3]");
        for (var e : samples.entrySet()) {
            double[] rate =
                    e.getValue().stream().mapToDouble(x -> x[0]).sorted().toArray();
            double[] cpu = e.getValue().stream().mapToDouble(x -> x[1]).sorted().toArray();
            System.out.printf(
                    "%-28s %10.1f [%6.1f, %6.1f] %10.2f [%5.2f, %5.2f]%n",
                    e.getKey(), q(rate, 0.5), q(rate, 0.25), q(rate, 0.75), q(cpu, 0.5), q(cpu, 0.25), q(cpu, 0.75));
        }
        callers.shutdownNow();
        batching.close();
        mini.close();
        spinning.close();
        System.exit(0); // the stock model's executor threads are not daemons
    }

    private static double q(double[] sorted, double quantile) {
        return sorted[(int) Math.round(quantile * (sorted.length - 1))];
    }

    private static void concurrently(ExecutorService callers, Embedder embedder, List<String> texts) {
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (String t : texts) {
                futures.add(callers.submit(() -> embedder.embed(t)));
            }
            for (Future<float[]> f : futures) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
