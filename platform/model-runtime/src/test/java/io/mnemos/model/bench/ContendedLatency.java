package io.mnemos.model.bench;

import io.mnemos.model.MiniLmEmbedder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Latency of one {@code embed} call (a question-sized text) with ONNX Runtime's default thread count (one per core)
 * against one intra-op thread, while 0, 1 or 2 busy threads compete for the cores — what the router and the services
 * see on a 2-core machine where several JVMs work on the same turn. The two embedders alternate call by call, so load
 * that comes and goes hits both alike.
 *
 * <p>{@code ./mvnw -q -pl platform/model-runtime test-compile exec:exec
 * -Dbench.main=io.mnemos.model.bench.ContendedLatency -Dbench.args="1000 0,1,2"} (calls per embedder and load level,
 * busy-thread counts).
 */
public final class ContendedLatency {

    private ContendedLatency() {}

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int[] hogCounts = Arrays.stream((args.length > 1 ? args[1] : "0,1,2").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        List<String> texts = EmbedderBenchmark.SENTENCES;
        MiniLmEmbedder pooled = new MiniLmEmbedder();
        MiniLmEmbedder single =
                new MiniLmEmbedder(MiniLmEmbedder.Config.defaults().withIntraOpThreads(1));
        pooled.load();
        single.load();
        for (int i = 0; i < 200; i++) { // warm-up of both sessions
            pooled.embed(texts.get(i % texts.size()));
            single.embed(texts.get(i % texts.size()));
        }
        System.out.printf(
                Locale.ROOT,
                "%d cores; %d calls per embedder and load level%n",
                Runtime.getRuntime().availableProcessors(),
                calls);
        System.out.println("| busy threads | intra-op threads | p50 ms | p90 ms | p99 ms | mean ms |");
        System.out.println("|---:|---|---:|---:|---:|---:|");
        for (int hogs : hogCounts) {
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> hogThreads = new ArrayList<>();
            for (int h = 0; h < hogs; h++) {
                hogThreads.add(Thread.ofPlatform().daemon(true).start(() -> spin(stop)));
            }
            Thread.sleep(200);
            long[] a = new long[calls];
            long[] b = new long[calls];
            for (int i = 0; i < calls; i++) {
                String text = texts.get(i % texts.size());
                if ((i & 1) == 0) {
                    a[i] = time(pooled, text);
                    b[i] = time(single, text);
                } else {
                    b[i] = time(single, text);
                    a[i] = time(pooled, text);
                }
            }
            stop.set(true);
            for (Thread t : hogThreads) {
                t.join();
            }
            print(hogs, "default (one per core)", a);
            print(hogs, "1", b);
        }
        // Batches (ingestion, imports): does a second intra-op thread pay off there?
        long[] ba = new long[40];
        long[] bb = new long[40];
        for (int i = 0; i < 40; i++) {
            long t = System.nanoTime();
            pooled.embedAll(texts);
            ba[i] = System.nanoTime() - t;
            t = System.nanoTime();
            single.embedAll(texts);
            bb[i] = System.nanoTime() - t;
        }
        print(0, "default, embedAll of " + texts.size(), ba);
        print(0, "1, embedAll of " + texts.size(), bb);
        pooled.close();
        single.close();
    }

    private static long time(MiniLmEmbedder e, String text) {
        long t = System.nanoTime();
        e.embed(text);
        return System.nanoTime() - t;
    }

    private static volatile long sink;

    private static void spin(AtomicBoolean stop) {
        long x = 0;
        while (!stop.get()) {
            for (int i = 0; i < 100_000; i++) {
                x += i * 31L ^ x;
            }
        }
        sink = x;
    }

    private static void print(int hogs, String label, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf(
                Locale.ROOT,
                "| %d | %s | %.2f | %.2f | %.2f | %.2f |%n",
                hogs,
                label,
                s[s.length / 2] / 1e6,
                s[(int) (s.length * 0.9)] / 1e6,
                s[(int) (s.length * 0.99)] / 1e6,
                Arrays.stream(s).average().orElse(0) / 1e6);
    }
}
