package io.mnemos.orchestrator.llm.bench;

import io.mnemos.orchestrator.llm.AsciiFold;
import io.mnemos.orchestrator.llm.FinishReason;
import io.mnemos.orchestrator.llm.JlamaRunner;
import io.mnemos.orchestrator.llm.LlmProperties.Quantization;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Benchmark of the in-process runner on the real tiny model, at bf16 and Q4 (quantized on disk first):
 * time to first token and tokens/s of greedy generation, and held-out perplexity on the books the model card lists.
 *
 * <pre>
 * ./mvnw -q -o -pl orchestrator-llm test-compile exec:exec \
 *   -Dbench.main=io.mnemos.orchestrator.llm.bench.JlamaRunnerBenchmark -Dbench.args="--tokens 200 --runs 3"
 * </pre>
 *
 * Options: {@code --model DIR} (default ../shared/models/mnemos-tiny-llama), {@code --data DIR} (default
 * ../shared/data/gutenberg), {@code --tokens N} new tokens per run (200), {@code --runs N} measured runs after one
 * warm-up (3), {@code --every N} score every Nth 512-token window (32, as the card), {@code --no-ppl}.
 */
public final class JlamaRunnerBenchmark {
    /** The card's held-out books. */
    static final Set<String> HELD_OUT = Set.of("B00358", "B00378", "B00458", "B00478");

    static final String PROMPT = "It was a dark and stormy night";
    static final int EOS = 1;

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        Path model = firstExisting(
                opt.get("model"), "../../shared/models/mnemos-tiny-llama", "../shared/models/mnemos-tiny-llama");
        Path data = firstExisting(opt.get("data"), "../../shared/data/gutenberg", "../shared/data/gutenberg");
        if (model == null) {
            System.err.println("model mnemos-tiny-llama not found (--model DIR): nothing to measure");
            return;
        }
        int tokens = Integer.parseInt(opt.getOrDefault("tokens", "200"));
        int runs = Integer.parseInt(opt.getOrDefault("runs", "3"));
        int every = Integer.parseInt(opt.getOrDefault("every", "32"));
        boolean ppl = !opt.containsKey("no-ppl") && data != null;

        Path work = Files.createTempDirectory("mnemos-llm-bench");
        List<String> rows = new ArrayList<>();
        int[] heldOut = null;
        for (Quantization q : List.of(Quantization.NONE, Quantization.Q4)) {
            long t0 = System.nanoTime();
            try (JlamaRunner runner = JlamaRunner.load(model, q, work, null)) {
                double loadMs = (System.nanoTime() - t0) / 1e6;
                // Warm-up (JIT), then measured runs.
                runner.generate(PROMPT, tokens, 0f, (i, t) -> {}, () -> false);
                double[] tps = new double[runs];
                double[] decodeTps = new double[runs];
                double[] ttft = new double[runs];
                for (int r = 0; r < runs; r++) {
                    long start = System.nanoTime();
                    long[] first = {0};
                    long[] last = {0};
                    JlamaRunner.Generation g = runner.generate(
                            PROMPT,
                            tokens,
                            0f,
                            (i, t) -> {
                                long now = System.nanoTime();
                                if (first[0] == 0) {
                                    first[0] = now;
                                }
                                last[0] = now;
                            },
                            () -> false);
                    if (g.finishReason() != FinishReason.LENGTH) {
                        System.err.println("note: generation ended with " + g.finishReason());
                    }
                    double total = (System.nanoTime() - start) / 1e9;
                    tps[r] = g.outputTokens() / total;
                    decodeTps[r] = (g.outputTokens() - 1) / ((last[0] - first[0]) / 1e9);
                    ttft[r] = (first[0] - start) / 1e6;
                }
                String pplCell = "n/a";
                if (ppl) {
                    if (heldOut == null) {
                        heldOut = heldOutTokens(runner, data);
                    }
                    pplCell = perplexity(runner, heldOut, every);
                }
                rows.add(String.format(
                        Locale.ROOT,
                        "| %s | %.0f | %.1f (%s) | %.1f | %.1f | %s |",
                        runner.precision(),
                        loadMs,
                        median(tps),
                        range(tps),
                        median(decodeTps),
                        median(ttft),
                        pplCell));
            }
        }
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "greedy, prompt \"%s\" (9 tokens with BOS), %d new tokens, median of %d runs after 1 warm-up%n%n",
                PROMPT,
                tokens,
                runs);
        System.out.println(
                "| precision | load ms (incl. Q4 quantization) | tokens/s incl. prompt (min-max) | decode tokens/s | time to first token ms | held-out perplexity |");
        System.out.println("|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    /** Perplexity over every {@code every}th 512-token window (the first token of a window is context only). */
    static String perplexity(JlamaRunner runner, int[] all, int every) {
        int window = runner.contextLength();
        double sum = 0;
        long n = 0;
        int windows = 0;
        long t0 = System.nanoTime();
        for (int w = 0; (long) (w + 1) * window <= all.length; w += every) {
            double[] nll = runner.negativeLogLikelihoods(Arrays.copyOfRange(all, w * window, (w + 1) * window));
            for (double d : nll) {
                sum += d;
            }
            n += nll.length;
            windows++;
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return String.format(
                Locale.ROOT,
                "%.2f (%d windows, %,d tokens scored of %,d; %.0f s)",
                Math.exp(sum / n),
                windows,
                n,
                all.length,
                secs);
    }

    /** The held-out books, ASCII-folded like the training text, tokenized and joined with EOS between books. */
    static int[] heldOutTokens(JlamaRunner runner, Path data) throws IOException {
        Map<String, StringBuilder> books = new LinkedHashMap<>();
        try (var shards = Files.list(data)) {
            for (Path shard : shards.filter(p -> p.getFileName().toString().endsWith(".txt.gz"))
                    .sorted()
                    .toList()) {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(
                        new GZIPInputStream(Files.newInputStream(shard), 1 << 16), StandardCharsets.UTF_8))) {
                    StringBuilder current = null;
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.startsWith("##### PG-BOOK ")) {
                            String id = line.substring(14).split("\t", 2)[0];
                            current =
                                    HELD_OUT.contains(id) ? books.computeIfAbsent(id, k -> new StringBuilder()) : null;
                        } else if (current != null) {
                            current.append(line).append('\n');
                        }
                    }
                }
            }
        }
        List<int[]> parts = new ArrayList<>();
        int total = 0;
        for (var e : books.entrySet()) {
            int[] ids = runner.encode(AsciiFold.fold(e.getValue().toString().strip()));
            parts.add(ids);
            total += ids.length + 1;
            System.err.printf(Locale.ROOT, "held-out %s: %,d tokens%n", e.getKey(), ids.length);
        }
        int[] all = new int[total];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
            all[at++] = EOS;
        }
        return all;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String range(double[] v) {
        return String.format(
                Locale.ROOT,
                "%.0f-%.0f",
                Arrays.stream(v).min().orElse(0),
                Arrays.stream(v).max().orElse(0));
    }

    static Path firstExisting(String configured, String... candidates) {
        for (String c : configured != null ? new String[] {configured} : candidates) {
            Path p = Path.of(c);
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String k = args[i].substring(2);
                if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    m.put(k, args[++i]);
                } else {
                    m.put(k, "true");
                }
            }
        }
        return m;
    }
}
