package io.mnemos.retrieval.grounding.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.retrieval.corpus.CorpusIndexService;
import io.mnemos.retrieval.corpus.CorpusProperties;
import io.mnemos.retrieval.corpusstats.CorpusIndex;
import io.mnemos.retrieval.corpusstats.gutenberg.GutenbergCorpus;
import io.mnemos.retrieval.grounding.AssessRequest;
import io.mnemos.retrieval.grounding.GroundingProperties;
import io.mnemos.retrieval.grounding.GroundingService;
import io.mnemos.retrieval.grounding.OpenNlpEntityExtractor;
import io.mnemos.retrieval.grounding.TermCounter;
import io.mnemos.retrieval.grounding.VerifyRequest;
import io.mnemos.retrieval.search.Retriever;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Latency of the grounding gate (assess, verify) on the Gutenberg index, in-process (no HTTP), one caller thread, after
 * a warm-up pass. Baselines in the same run: entity extraction alone (OpenNLP, no corpus lookups) and assess with
 * given entities (corpus counts only), so the cost of each part is visible.
 *
 * <pre>
 * ./mvnw -q -pl retrieval-service test-compile exec:exec \
 *   -Dbench.main=io.mnemos.retrieval.grounding.bench.GroundingBenchmark \
 *   -Dbench.args="--index .data/retrieval-service/corpus/gutenberg --out target/grounding-bench.md"
 * </pre>
 *
 * Inputs: the 100 HotpotQA questions of {@code ../shared/data/multihop/hotpotqa_train.json} (assess) and, per
 * question, its supporting sentences joined into one text (verify; 2–4 sentences with true facts).
 */
public final class GroundingBenchmark {
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path index = GutenbergCorpus.resolve(opts.getOrDefault("index", ".data/retrieval-service/corpus/gutenberg"));
        Path hotpot = GutenbergCorpus.resolve(opts.getOrDefault("data", "../shared/data"))
                .resolve("multihop/hotpotqa_train.json");
        if (!Files.isRegularFile(index.resolve("manifest.properties")) || !Files.isRegularFile(hotpot)) {
            System.out.println("SKIPPED: needs an index in " + index + " (build it with GroundingCalibration or"
                    + " ./mnemos) and " + hotpot);
            return;
        }
        List<String> questions = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (JsonNode q : JsonMapper.builder().build().readTree(hotpot.toFile())) {
            questions.add(q.get("question").asString());
            Map<String, JsonNode> context = new HashMap<>();
            for (JsonNode c : q.get("context")) {
                context.put(c.get(0).asString(), c.get(1));
            }
            StringBuilder text = new StringBuilder();
            for (JsonNode f : q.get("supporting_facts")) {
                JsonNode s = context.get(f.get(0).asString());
                if (s != null && f.get(1).asInt() < s.size()) {
                    text.append(s.get(f.get(1).asInt()).asString().strip()).append(' ');
                }
            }
            texts.add(text.toString().strip());
        }
        CorpusProperties cp = new CorpusProperties(
                "gutenberg",
                GutenbergCorpus.DEFAULT_LOCATION,
                index.toString(),
                false,
                1 << 22,
                2000,
                Duration.ofSeconds(15),
                2000);
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        CorpusIndexService corpus = new CorpusIndexService(cp, ".", beans.getBeanProvider(MeterRegistry.class));
        GroundingProperties gp = GroundingProperties.defaults();
        OpenNlpEntityExtractor extractor = new OpenNlpEntityExtractor(gp.mergeMinCount());
        GroundingService gate = new GroundingService(
                corpus,
                extractor,
                gp,
                beans.getBeanProvider(Retriever.class),
                beans.getBeanProvider(MeterRegistry.class));
        CorpusIndex idx = corpus.acquire();
        List<List<String>> given = new ArrayList<>();
        for (String q : questions) {
            given.add(extractor.entities(q, s -> idx.count(s).count()));
        }
        StringBuilder report = new StringBuilder();
        Consumer<String> out = line -> {
            System.out.println(line);
            report.append(line).append('\n');
        };
        out.accept("## Grounding gate latency (" + Instant.now() + ")");
        out.accept("");
        out.accept(String.format(
                Locale.ROOT,
                "- index %s: %d tokens, %d documents, %d shards; %d questions / texts; load average at start %.1f",
                index,
                idx.stats().tokens(),
                idx.stats().documents(),
                idx.stats().shards().size(),
                questions.size(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        out.accept("");
        out.accept("| operation | n | p50 ms | p90 ms | p99 ms | max ms | mean ms | CPU p50 ms | CPU p99 ms |");
        out.accept("|---|---|---|---|---|---|---|---|---|");
        int[] retrieved = {0};
        int[] flagged = {0};
        for (int pass = 0; pass < 2; pass++) {
            boolean measure = pass == 1;
            measure(
                    out,
                    measure,
                    "extraction only (OpenNLP tokenizer + POS, no corpus)",
                    questions.size(),
                    i -> extractor.entities(questions.get(i), TermCounter.NONE));
            measure(
                    out,
                    measure,
                    "assess, given entities (corpus counts only)",
                    questions.size(),
                    i -> gate.assess(
                            idx,
                            "bench",
                            new AssessRequest(
                                    questions.get(i), given.get(i).isEmpty() ? null : given.get(i), null, null)));
            measure(out, measure, "assess (extraction + counts + decision)", questions.size(), i -> {
                if (gate.assess(idx, "bench", new AssessRequest(questions.get(i), null, null, null))
                                .retrieve()
                        && measure) {
                    retrieved[0]++;
                }
            });
            measure(out, measure, "verify, 2–4 true sentences (extraction + co-occurrence counts)", texts.size(), i -> {
                if (gate.verify(idx, new VerifyRequest(texts.get(i), null, null))
                                .flagged()
                        && measure) {
                    flagged[0]++;
                }
            });
        }
        out.accept("");
        out.accept("With the default thresholds, assess retrieved for " + retrieved[0] + " of " + questions.size()
                + " questions; verify flagged " + flagged[0] + " of " + texts.size()
                + " true supporting-fact texts (Gutenberg rarely mentions HotpotQA's Wikipedia entities).");
        String file = opts.get("out");
        if (file != null) {
            Path p = Path.of(file);
            if (p.getParent() != null) {
                Files.createDirectories(p.getParent());
            }
            Files.writeString(p, report.toString(), StandardCharsets.UTF_8);
        }
        corpus.acquire().close();
    }

    private static void measure(
            Consumer<String> out, boolean report, String name, int n, java.util.function.IntConsumer op) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] wall = new long[n];
        long[] cpu = new long[n];
        for (int i = 0; i < n; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            op.accept(i);
            wall[i] = System.nanoTime() - t0;
            cpu[i] = threads.getCurrentThreadCpuTime() - c0;
        }
        if (!report) {
            return;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        out.accept(String.format(
                Locale.ROOT,
                "| %s | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |",
                name,
                n,
                pct(wall, 50),
                pct(wall, 90),
                pct(wall, 99),
                wall[n - 1] / 1e6,
                Arrays.stream(wall).average().orElse(0) / 1e6,
                pct(cpu, 50),
                pct(cpu, 99)));
    }

    private static double pct(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}
