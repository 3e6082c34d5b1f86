package io.mnemos.retrieval.grounding;

import io.mnemos.retrieval.corpus.CorpusSource;
import io.mnemos.retrieval.corpusstats.CnfQuery;
import io.mnemos.retrieval.corpusstats.CorpusIndex;
import io.mnemos.retrieval.corpusstats.CorpusIndexBuilder;
import io.mnemos.retrieval.corpusstats.TokenizerMode;
import io.mnemos.retrieval.corpusstats.gutenberg.GutenbergCorpus;
import io.mnemos.retrieval.ingest.SentenceSplitter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calibrates the grounding thresholds to a corpus: the paper's absolute counts (1,000 / 100,000 for questions, 20 for
 * rare heads) assume a ~4-trillion-token corpus, so here they are set as percentiles of <em>this</em> corpus's
 * entity-frequency distribution, measured over entities extracted (OpenNLP + corpus statistics, as the service does)
 * from sample questions and claims: the HotpotQA questions in {@code ../shared/data/multihop} and the SciFact claims in
 * {@code ../shared/data/scifact}.
 *
 * <ul>
 *   <li>{@code question-threshold} = the {@code --question-percentile} (default 20th) percentile of the per-question
 *       mean entity count (SPEC §5.5): that share of questions would retrieve in stage 1;
 *   <li>{@code binary-tuple-threshold} = the {@code --binary-percentile} (default 10th) percentile of single-entity
 *       counts, at least 1: heads rarer than that are flagged in stage 2;
 *   <li>{@code ternary-tuple-threshold} stays 1 (never co-occur within 1000 tokens), as in the paper; the command
 *       reports how often true pairs (entities of one HotpotQA supporting sentence) would be flagged.
 * </ul>
 *
 * <pre>
 * ./mvnw -q -pl retrieval-service test-compile exec:exec \
 *   -Dbench.main=io.mnemos.retrieval.grounding.GroundingCalibration \
 *   -Dbench.args="--index .data/retrieval-service/corpus/gutenberg --out target/grounding-calibration.md"
 * </pre>
 *
 * Options: {@code --index DIR} (built from {@code --corpus} first if absent), {@code --corpus DIR} (default {@value
 * GutenbergCorpus#DEFAULT_LOCATION}), {@code --data DIR} (default {@code ../shared/data}), {@code --question-percentile
 * P}, {@code --binary-percentile P}, {@code --max-claims N} (SciFact claims used, default 400), {@code --out FILE}.
 */
public final class GroundingCalibration {
    private final Map<String, String> opts = new HashMap<>();
    private final StringBuilder report = new StringBuilder();

    private GroundingCalibration(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs: --name value");
        }
    }

    public static void main(String[] args) throws Exception {
        new GroundingCalibration(args).run();
    }

    private String opt(String key, String def) {
        return opts.getOrDefault(key, def);
    }

    private void out(String line) {
        System.out.println(line);
        report.append(line).append('\n');
    }

    private void run() throws Exception {
        Path indexDir = GutenbergCorpus.resolve(opt("index", ".data/retrieval-service/corpus/gutenberg"));
        Path data = GutenbergCorpus.resolve(opt("data", "../shared/data"));
        double qp = Double.parseDouble(opt("question-percentile", "20"));
        double bp = Double.parseDouble(opt("binary-percentile", "10"));
        int maxClaims = Integer.parseInt(opt("max-claims", "400"));
        if (!Files.isRegularFile(indexDir.resolve("manifest.properties"))) {
            Path corpusDir = GutenbergCorpus.resolve(opt("corpus", GutenbergCorpus.DEFAULT_LOCATION));
            System.out.println("No index in " + indexDir + ": building it from " + corpusDir + " (minutes)");
            CorpusSource source = CorpusSource.open(corpusDir, GutenbergCorpus.DEFAULT_WORDS_PER_DOCUMENT);
            try (CorpusSource.DocumentIterator docs = source.documents()) {
                CorpusIndexBuilder.create()
                        .tokenizerMode(TokenizerMode.CASED)
                        .maxTokensPerShard(1 << 22)
                        .expectedTokens(source.expectedTokens())
                        .progress(e -> {
                            if (e.phase() != io.mnemos.retrieval.corpusstats.BuildProgress.Phase.TOKENIZE) {
                                System.out.println("[build] " + e);
                            }
                        })
                        .build(docs, indexDir);
            }
        }
        List<String> questions = hotpotQuestions(data.resolve("multihop/hotpotqa_train.json"));
        List<String> claims = scifactClaims(data.resolve("scifact/claims_train.csv.gz"), maxClaims);
        List<String> supporting = hotpotSupportingSentences(data.resolve("multihop/hotpotqa_train.json"));
        if (questions.isEmpty() && claims.isEmpty()) {
            System.out.println("SKIPPED: no questions found under " + data + " (multihop/hotpotqa_train.json,"
                    + " scifact/claims_train.csv.gz)");
            return;
        }
        OpenNlpEntityExtractor extractor =
                new OpenNlpEntityExtractor(GroundingProperties.defaults().mergeMinCount());
        try (CorpusIndex index = CorpusIndex.open(indexDir)) {
            TermCounter counts = s -> index.count(s).count();
            out("## Grounding-threshold calibration (" + Instant.now() + ")");
            out("");
            out("- index: " + indexDir + " (" + index.stats().tokens() + " tokens, "
                    + index.stats().documents() + " documents)");
            out("- sample: " + questions.size() + " HotpotQA questions, " + claims.size() + " SciFact claims; "
                    + supporting.size() + " HotpotQA supporting sentences for the pair check");
            out(String.format(
                    Locale.ROOT,
                    "- load average at start: %.1f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            out("");
            Stats hotpot = sample(questions, extractor, counts);
            Stats scifact = sample(claims, extractor, counts);
            Stats all = hotpot.plus(scifact);
            double[] pcts = {5, 10, 20, 25, 50, 75, 90};
            out("| distribution | n | "
                    + String.join(
                            " | ",
                            Arrays.stream(pcts).mapToObj(p -> "p" + (int) p).toList())
                    + " |");
            out("|---|---|" + "---|".repeat(pcts.length));
            row("mean entity count per question (HotpotQA)", hotpot.means, pcts);
            row("mean entity count per claim (SciFact)", scifact.means, pcts);
            row("mean entity count per item (both)", all.means, pcts);
            row("entity count (both)", all.entities, pcts);
            out("");
            out("Items without any entity (stage 1 never retrieves for them): HotpotQA " + hotpot.empty + " of "
                    + questions.size() + ", SciFact " + scifact.empty + " of " + claims.size() + ".");
            double questionThreshold = Math.max(1, Math.ceil(percentile(all.means, qp)));
            double binaryThreshold = Math.max(1, Math.ceil(percentile(all.entities, bp)));
            long zero = all.entities.stream().filter(c -> c == 0).count();
            out(String.format(
                    Locale.ROOT,
                    "Entities never seen in the corpus: %d of %d (%.1f %%).",
                    zero,
                    all.entities.size(),
                    100.0 * zero / Math.max(1, all.entities.size())));
            out("");
            // pairs from true sentences: how often would the ternary rule flag a true fact?
            int pairs = 0;
            int flagged = 0;
            int bothKnown = 0;
            int flaggedBothKnown = 0;
            SentenceSplitter splitter = new SentenceSplitter();
            for (String sentence : supporting) {
                for (String s : splitter.sentences(sentence)) {
                    for (Claim c : ClaimExtractor.claims(s, extractor.mentions(s, counts))) {
                        if (!c.isTriple()) {
                            continue;
                        }
                        long n = index.cnf(CnfQuery.and(c.head(), c.tail()), 1000, 500_000)
                                .count();
                        pairs++;
                        boolean known = counts.count(c.head()) > 0 && counts.count(c.tail()) > 0;
                        if (n < 1) {
                            flagged++;
                        }
                        if (known) {
                            bothKnown++;
                            if (n < 1) {
                                flaggedBothKnown++;
                            }
                        }
                    }
                }
            }
            out(String.format(
                    Locale.ROOT,
                    "True pairs (head/tail of HotpotQA supporting sentences): %d; zero co-occurrence within 1000 tokens:"
                            + " %d (%.1f %%); among the %d pairs whose both entities occur in the corpus: %d (%.1f %%).",
                    pairs,
                    flagged,
                    100.0 * flagged / Math.max(1, pairs),
                    bothKnown,
                    flaggedBothKnown,
                    100.0 * flaggedBothKnown / Math.max(1, bothKnown)));
            out("");
            long retrieving =
                    all.means.stream().filter(m -> m < questionThreshold).count();
            double scale = index.stats().tokens() / 4e12;
            out(String.format(
                    Locale.ROOT,
                    "At question-threshold %s, %d of %d items with entities (%.1f %%) would retrieve (ties at 0 make"
                            + " the share larger than the percentile). For comparison, the paper's thresholds scaled by"
                            + " corpus size (%d tokens / 4T): HotpotQA 100,000 -> %.2f, 2Wiki 1,000 -> %.4f,"
                            + " binary 20 -> %.6f.",
                    fmt(questionThreshold),
                    retrieving,
                    all.means.size(),
                    100.0 * retrieving / Math.max(1, all.means.size()),
                    index.stats().tokens(),
                    100_000 * scale,
                    1_000 * scale,
                    20 * scale));
            out("");
            out("Recommended settings (question threshold = p" + fmt(qp) + " of per-item means, binary threshold = p"
                    + fmt(bp) + " of entity counts, at least 1):");
            out("");
            out("```properties");
            out("mnemos.grounding.question-threshold=" + fmt(questionThreshold));
            out("mnemos.grounding.binary-tuple-threshold=" + fmt(binaryThreshold));
            out("mnemos.grounding.ternary-tuple-threshold=1");
            out("```");
        }
        String outFile = opts.get("out");
        if (outFile != null) {
            Path p = Path.of(outFile);
            if (p.getParent() != null) {
                Files.createDirectories(p.getParent());
            }
            Files.writeString(p, report.toString(), StandardCharsets.UTF_8);
            System.out.println("report written to " + p.toAbsolutePath());
        }
    }

    private void row(String name, List<Long> values, double[] pcts) {
        StringBuilder sb = new StringBuilder("| " + name + " | " + values.size() + " |");
        for (double p : pcts) {
            sb.append(' ').append(fmt(percentile(values, p))).append(" |");
        }
        out(sb.toString());
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** Nearest-rank percentile; NaN for no values. */
    static double percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Per-item mean counts (rounded down to whole counts) and all entity counts. */
    record Stats(List<Long> means, List<Long> entities, int empty) {
        Stats plus(Stats o) {
            List<Long> m = new ArrayList<>(means);
            m.addAll(o.means);
            List<Long> e = new ArrayList<>(entities);
            e.addAll(o.entities);
            return new Stats(m, e, empty + o.empty);
        }
    }

    private static Stats sample(List<String> items, EntityExtractor extractor, TermCounter counts) {
        List<Long> means = new ArrayList<>();
        List<Long> entities = new ArrayList<>();
        int empty = 0;
        for (String item : items) {
            List<String> names = extractor.entities(item, counts);
            if (names.isEmpty()) {
                empty++;
                continue;
            }
            long sum = 0;
            for (String n : names) {
                long c = counts.count(n);
                entities.add(c);
                sum += c;
            }
            means.add(sum / names.size());
        }
        return new Stats(means, entities, empty);
    }

    private static List<String> hotpotQuestions(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            for (JsonNode q : JsonMapper.builder().build().readTree(file.toFile())) {
                out.add(q.get("question").asString());
            }
        }
        return out;
    }

    private static List<String> hotpotSupportingSentences(Path file) throws IOException {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (Files.isRegularFile(file)) {
            for (JsonNode q : JsonMapper.builder().build().readTree(file.toFile())) {
                Map<String, JsonNode> context = new HashMap<>();
                for (JsonNode c : q.get("context")) {
                    context.put(c.get(0).asString(), c.get(1));
                }
                for (JsonNode f : q.get("supporting_facts")) {
                    JsonNode sentences = context.get(f.get(0).asString());
                    int i = f.get(1).asInt();
                    if (sentences != null && i < sentences.size()) {
                        out.add(sentences.get(i).asString().strip());
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<String> scifactClaims(Path file, int max) throws IOException {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            r.readLine(); // header
            for (String line = r.readLine(); line != null && out.size() < max; line = r.readLine()) {
                String claim = secondCsvField(line);
                if (claim != null && !claim.isBlank()) {
                    out.add(claim);
                }
            }
        }
        return List.copyOf(out);
    }

    /** The second field of a CSV line (RFC 4180 quoting). */
    static String secondCsvField(String line) {
        int comma = line.indexOf(',');
        if (comma < 0) {
            return null;
        }
        int i = comma + 1;
        if (i < line.length() && line.charAt(i) == '"') {
            StringBuilder sb = new StringBuilder();
            for (int j = i + 1; j < line.length(); j++) {
                char ch = line.charAt(j);
                if (ch == '"') {
                    if (j + 1 < line.length() && line.charAt(j + 1) == '"') {
                        sb.append('"');
                        j++;
                    } else {
                        return sb.toString();
                    }
                } else {
                    sb.append(ch);
                }
            }
            return sb.toString();
        }
        int end = line.indexOf(',', i);
        return end < 0 ? line.substring(i) : line.substring(i, end);
    }
}
