package io.mnemos.retrieval.corpusstats.bench;

import io.mnemos.retrieval.corpusstats.CnfQuery;
import io.mnemos.retrieval.corpusstats.CorpusIndex;
import io.mnemos.retrieval.corpusstats.CorpusIndexBuilder;
import io.mnemos.retrieval.corpusstats.CountResult;
import io.mnemos.retrieval.corpusstats.Document;
import io.mnemos.retrieval.corpusstats.DocumentView;
import io.mnemos.retrieval.corpusstats.IndexStats;
import io.mnemos.retrieval.corpusstats.NextTokenResult;
import io.mnemos.retrieval.corpusstats.ShardStats;
import io.mnemos.retrieval.corpusstats.TokenizerMode;
import io.mnemos.retrieval.corpusstats.gutenberg.GutenbergCorpus;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.spans.SpanNearQuery;
import org.apache.lucene.queries.spans.SpanQuery;
import org.apache.lucene.queries.spans.SpanTermQuery;
import org.apache.lucene.queries.spans.SpanWeight;
import org.apache.lucene.queries.spans.Spans;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.store.FSDirectory;

/**
 * Builds the corpus-statistics index over the shared Gutenberg sample and measures build time, size, count and CNF
 * latency, with an Apache Lucene baseline on the same documents and tokens in the same run. Prints a Markdown report
 * (also written to {@code --report}).
 *
 * <pre>
 * JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -q -pl retrieval-service test-compile exec:exec \
 *   -Dbench.main=io.mnemos.retrieval.corpusstats.bench.CorpusStatsBenchmark -Dbench.jvm=-Xmx3g \
 *   -Dbench.args="--report target/corpus-stats-bench.md"
 * </pre>
 *
 * Options: {@code --corpus DIR} (default {@value GutenbergCorpus#DEFAULT_LOCATION}, relative to the repository root),
 * {@code --index DIR} (default {@code $TMPDIR/mnemos-corpusstats-bench/gutenberg}), {@code --reuse} (keep an existing
 * index), {@code --count-queries N} (10000), {@code --cnf-queries N} (1000), {@code --window N} (1000),
 * {@code --caps A,B} (500000,50000), {@code --max-tokens-per-shard N}, {@code --words-per-doc N} (2000),
 * {@code --max-docs N} (quick runs), {@code --no-lucene}, {@code --lucene-dir DIR}, {@code --report FILE}, {@code --seed N} (42).
 */
public final class CorpusStatsBenchmark {

    private final Map<String, String> opts = new HashMap<>();
    private final StringBuilder report = new StringBuilder();
    private long[] ourCountCpu;
    private final Map<Integer, long[]> ourCnfCpu = new HashMap<>();

    public static void main(String[] args) throws Exception {
        new CorpusStatsBenchmark(args).run();
    }

    private CorpusStatsBenchmark(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            String key = a.substring(2);
            if (Set.of("reuse", "no-lucene").contains(key)) {
                opts.put(key, "true");
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + a);
                }
                opts.put(key, args[++i]);
            }
        }
    }

    private String opt(String key, String def) {
        return opts.getOrDefault(key, def);
    }

    private int intOpt(String key, int def) {
        return Integer.parseInt(opt(key, Integer.toString(def)));
    }

    private void out(String line) {
        System.out.println(line);
        report.append(line).append('\n');
    }

    private void run() throws Exception {
        Path corpusDir = GutenbergCorpus.resolve(opt("corpus", GutenbergCorpus.DEFAULT_LOCATION));
        Path indexDir = Path.of(opt(
                "index",
                Path.of(System.getProperty("java.io.tmpdir"), "mnemos-corpusstats-bench", "gutenberg")
                        .toString()));
        int wordsPerDoc = intOpt("words-per-doc", GutenbergCorpus.DEFAULT_WORDS_PER_DOCUMENT);
        int window = intOpt("window", 1000);
        long seed = Long.parseLong(opt("seed", "42"));
        int[] caps = Arrays.stream(opt("caps", "500000,50000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim()))
                .toArray();
        GutenbergCorpus corpus = GutenbergCorpus.open(corpusDir);

        out("## Corpus-statistics benchmark (" + Instant.now() + ")");
        out("");
        out("- machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB, load average at start "
                + String.format(
                        Locale.ROOT,
                        "%.1f",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        out("- corpus: " + corpusDir + " (" + corpus.books().size() + " books, "
                + corpus.shardFiles().size()
                + " gzip shards, " + corpus.totalBodyBytes() / 1_000_000
                + " MB of text), documents = paragraph groups of "
                + wordsPerDoc + " words");
        out("- index: " + indexDir);
        out("");

        // ------------------------------------------------------------------ build
        boolean reuse = opts.containsKey("reuse") && Files.isRegularFile(indexDir.resolve("manifest.properties"));
        if (!reuse) {
            HeapSampler sampler = new HeapSampler();
            sampler.start();
            CorpusIndexBuilder builder = CorpusIndexBuilder.create()
                    .tokenizerMode(TokenizerMode.CASED)
                    .overwrite(true)
                    .expectedTokens(corpus.totalBodyBytes() / 5)
                    .progress(new ProgressPrinter());
            if (opts.containsKey("max-tokens-per-shard")) {
                builder.maxTokensPerShard(intOpt("max-tokens-per-shard", 0));
            }
            CorpusIndexBuilder.BuildSummary summary;
            int maxDocs = intOpt("max-docs", Integer.MAX_VALUE);
            try (GutenbergCorpus.DocumentStream docs = corpus.documents(wordsPerDoc)) {
                Iterator<Document> limited = new Iterator<>() {
                    int n;

                    @Override
                    public boolean hasNext() {
                        return n < maxDocs && docs.hasNext();
                    }

                    @Override
                    public Document next() {
                        n++;
                        return docs.next();
                    }
                };
                summary = builder.build(limited, indexDir);
            }
            sampler.stop();
            IndexStats st = summary.stats();
            out("### Build");
            out("");
            out("| figure | value |");
            out("|---|---|");
            out(row(
                    "build time (tokenize + SA-IS + write, wall)",
                    String.format(Locale.ROOT, "%.1f s", summary.elapsedNanos() / 1e9)));
            out(row("peak heap used (sampled every 10 ms)", sampler.peak() / (1 << 20) + " MiB"));
            describe(st);
        } else {
            out("### Build: reused existing index (not rebuilt in this run)");
            out("");
        }

        try (CorpusIndex index = CorpusIndex.open(indexDir)) {
            if (reuse) {
                out("| figure | value |");
                out("|---|---|");
                describe(index.stats());
            }
            out("");
            Random rnd = new Random(seed);
            List<List<String>> ngrams = sampleNgrams(index, rnd, intOpt("count-queries", 10_000));
            List<String[]> pairs = samplePairs(index, rnd, intOpt("cnf-queries", 1000), window);

            // ------------------------------------------------------------------ our engine
            // warm-up: one full pass over the same queries (JIT, page cache), then the measured pass
            for (List<String> ng : ngrams) {
                index.count(String.join(" ", ng));
            }
            for (String[] pair : pairs) {
                index.cnf(CnfQuery.and(pair), window, caps[0]);
            }
            long[] countLat = new long[ngrams.size()];
            long[] countCpu = new long[ngrams.size()];
            long[] counts = new long[ngrams.size()];
            long[] countLatByLen = new long[6];
            for (int i = 0; i < ngrams.size(); i++) {
                long c0 = cpu();
                CountResult r = index.count(String.join(" ", ngrams.get(i))); // includes tokenization
                countCpu[i] = cpu() - c0;
                countLat[i] = r.latencyNanos();
                counts[i] = r.count();
            }
            long zero = Arrays.stream(counts).filter(c -> c == 0).count();
            out(
                    "### Queries (wall = engine latency reported by each result; CPU = calling thread's CPU time; one caller"
                            + " thread; measured after a warm-up pass over the same queries)");
            out("");
            out(TABLE_HEAD);
            out(TABLE_RULE);
            out(latRow("count, 1–5-gram (" + zero + " of them with count 0)", countLat, countCpu));
            for (int len = 1; len <= 5; len++) {
                final int l = len;
                long[] sub = filter(countLat, i -> ngrams.get(i).size() == l);
                countLatByLen[len] = sub.length;
                out(latRow(
                        "count, " + len + "-gram",
                        sub,
                        filter(countCpu, i -> ngrams.get(i).size() == l)));
            }
            ourCountCpu = countCpu;
            Map<Integer, long[]> cnfCounts = new HashMap<>();
            Map<Integer, long[]> cnfLats = new HashMap<>();
            for (int cap : caps) {
                long[] lat = new long[pairs.size()];
                long[] cpuLat = new long[pairs.size()];
                long[] cnt = new long[pairs.size()];
                int approx = 0;
                for (int i = 0; i < pairs.size(); i++) {
                    long c0 = cpu();
                    CountResult r = index.cnf(CnfQuery.and(pairs.get(i)), window, cap);
                    cpuLat[i] = cpu() - c0;
                    lat[i] = r.latencyNanos();
                    cnt[i] = r.count();
                    approx += r.approx() ? 1 : 0;
                }
                cnfCounts.put(cap, cnt);
                ourCnfCpu.put(cap, cpuLat);
                cnfLats.put(cap, lat);
                long nonZero = Arrays.stream(cnt).filter(c -> c > 0).count();
                out(latRow(
                        "CNF `A AND B`, window " + window + ", max_clause_freq " + cap + " (" + nonZero + " non-zero, "
                                + approx + " approx)",
                        lat,
                        cpuLat));
            }
            long[] ntdLat = new long[Math.min(1000, ngrams.size())];
            long[] ntdCpu = new long[ntdLat.length];
            int ntdApprox = 0;
            for (int i = 0; i < ntdLat.length; i++) {
                List<String> p = ngrams.get(i);
                long c0 = cpu();
                NextTokenResult r = index.nextTokens(String.join(" ", p.subList(0, Math.min(2, p.size()))), 10, 1000);
                ntdCpu[i] = cpu() - c0;
                ntdLat[i] = r.latencyNanos();
                ntdApprox += r.approx() ? 1 : 0;
            }
            out(latRow(
                    "next-token distribution, 1–2-token prompt, top 10, max_support 1000 (" + ntdApprox + " approx)",
                    ntdLat,
                    ntdCpu));
            out("");
            long[] freqA = new long[pairs.size()];
            for (int i = 0; i < pairs.size(); i++) {
                freqA[i] = Math.max(
                        index.count(pairs.get(i)[0]).count(),
                        index.count(pairs.get(i)[1]).count());
            }
            Arrays.sort(freqA);
            out("CNF pairs: the more frequent clause has median " + freqA[freqA.length / 2] + " and p99 "
                    + freqA[(int) (freqA.length * 0.99)] + " occurrences (max " + freqA[freqA.length - 1] + ").");
            out("");

            // ------------------------------------------------------------------ Lucene baseline
            if (!opts.containsKey("no-lucene")) {
                lucene(
                        index,
                        ngrams,
                        counts,
                        countLat,
                        pairs,
                        cnfCounts.get(caps[0]),
                        cnfLats.get(caps[0]),
                        window,
                        ourCnfCpu.get(caps[0]));
            }
        }
        if (opts.containsKey("report")) {
            Path rp = Path.of(opt("report", ""));
            if (rp.getParent() != null) {
                Files.createDirectories(rp.getParent());
            }
            Files.writeString(rp, report.toString());
            System.out.println("report written to " + rp.toAbsolutePath());
        }
    }

    private void describe(IndexStats st) throws IOException {
        long tokenBytes = 0;
        long tableBytes = 0;
        long offsetBytes = 0;
        for (ShardStats s : st.shards()) {
            tokenBytes += s.positions() * s.tokenWidth();
            tableBytes += s.positions() * s.pointerWidth();
            offsetBytes += 4 * s.documents();
        }
        out(row("tokens", String.format(Locale.ROOT, "%,d", st.tokens())));
        out(row("documents", String.format(Locale.ROOT, "%,d", st.documents())));
        out(row("vocabulary (cased)", String.format(Locale.ROOT, "%,d", st.vocabularySize())));
        out(row(
                "shards",
                st.shards().size() + " (token width " + st.shards().getFirst().tokenWidth() + " B, pointer width "
                        + st.shards().getFirst().pointerWidth() + " B)"));
        out(row(
                "bytes on disk",
                String.format(
                        Locale.ROOT,
                        "%,d (tokens %,d, suffix arrays %,d, doc offsets %,d, "
                                + "vocabulary + doc ids + manifest %,d)",
                        st.bytesOnDisk(),
                        tokenBytes,
                        tableBytes,
                        offsetBytes,
                        st.bytesOnDisk() - tokenBytes - tableBytes - offsetBytes)));
        out(row("**bytes per token on disk**", String.format(Locale.ROOT, "**%.2f**", st.bytesPerToken())));
    }

    private static String row(String k, String v) {
        return "| " + k + " | " + v + " |";
    }

    interface IntPred {
        boolean test(int i);
    }

    private static long[] filter(long[] a, IntPred p) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (p.test(i)) {
                out.add(a[i]);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static final String TABLE_HEAD =
            "| query | n | p50 | p90 | p99 | max | mean | CPU p50 | CPU p99 | CPU mean |";
    private static final String TABLE_RULE = "|---|---|---|---|---|---|---|---|---|---|";

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU time of the calling thread: unlike wall time, hardly inflated when other processes share the cores. */
    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static String latRow(String name, long[] nanos, long[] cpuNanos) {
        if (nanos.length == 0) {
            return "| " + name + " | 0 | | | | | | | | |";
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        long[] c = cpuNanos.clone();
        Arrays.sort(c);
        double mean = Arrays.stream(s).average().orElse(0);
        double cmean = Arrays.stream(c).average().orElse(0);
        return "| " + name + " | " + s.length + " | " + fmt(pct(s, 0.50)) + " | " + fmt(pct(s, 0.90)) + " | "
                + fmt(pct(s, 0.99)) + " | " + fmt(s[s.length - 1]) + " | " + fmt((long) mean) + " | "
                + fmt(pct(c, 0.50)) + " | " + fmt(pct(c, 0.99)) + " | " + fmt((long) cmean) + " |";
    }

    private static long pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String fmt(long nanos) {
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
        }
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    // ------------------------------------------------------------------ query sampling

    /** 90 % n-grams (1–5 tokens) read from random documents, 10 % unseen (invented token or shuffled n-gram). */
    private static List<List<String>> sampleNgrams(CorpusIndex index, Random rnd, int n) {
        long docs = index.stats().documents();
        List<List<String>> out = new ArrayList<>(n);
        while (out.size() < n) {
            DocumentView d = index.document((long) (rnd.nextDouble() * docs));
            int len = 1 + rnd.nextInt(5);
            if (d.tokens().size() < len) {
                continue;
            }
            int p = rnd.nextInt(d.tokens().size() - len + 1);
            List<String> ng = new ArrayList<>(d.tokens().subList(p, p + len));
            int kind = rnd.nextInt(20);
            if (kind == 0) {
                ng.set(rnd.nextInt(len), "Qzx" + rnd.nextInt(1_000_000));
            } else if (kind == 1 && len > 1) {
                java.util.Collections.shuffle(ng, rnd);
            }
            out.add(ng);
        }
        return out;
    }

    private static boolean entityLike(String t) {
        if (t.length() < 2 || !Character.isUpperCase(t.charAt(0))) {
            return false;
        }
        for (int i = 1; i < t.length(); i++) {
            if (!Character.isLowerCase(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static final Set<String> SENTENCE_START =
            Set.of(".", "!", "?", "“", "\"", "'", "‘", ":", ";", "_", "(", "[");

    /** Capitalised mid-sentence token positions of a document (names, places). */
    private static List<Integer> entityPositions(List<String> toks) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i < toks.size(); i++) {
            if (entityLike(toks.get(i)) && !SENTENCE_START.contains(toks.get(i - 1))) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * Entity-like pairs: A is a capitalised mid-sentence token of a random document; B is, for half of the pairs, such
     * a token within the window of A in the same document (co-occurring), and otherwise one from another random
     * document (mostly not co-occurring).
     */
    private static List<String[]> samplePairs(CorpusIndex index, Random rnd, int n, int window) {
        long docs = index.stats().documents();
        List<String[]> out = new ArrayList<>(n);
        while (out.size() < n) {
            List<String> t = index.document((long) (rnd.nextDouble() * docs)).tokens();
            List<Integer> ents = entityPositions(t);
            if (ents.isEmpty()) {
                continue;
            }
            int a = ents.get(rnd.nextInt(ents.size()));
            String b = null;
            if (out.size() % 2 == 0) {
                List<Integer> near = ents.stream()
                        .filter(p -> Math.abs(p - a) <= window && !t.get(p).equals(t.get(a)))
                        .toList();
                if (!near.isEmpty()) {
                    b = t.get(near.get(rnd.nextInt(near.size())));
                }
            } else {
                List<String> t2 =
                        index.document((long) (rnd.nextDouble() * docs)).tokens();
                List<Integer> e2 = entityPositions(t2);
                if (!e2.isEmpty()) {
                    b = t2.get(e2.get(rnd.nextInt(e2.size())));
                }
            }
            if (b != null && !b.equals(t.get(a))) {
                out.add(new String[] {t.get(a), b});
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ Lucene

    private void lucene(
            CorpusIndex index,
            List<List<String>> ngrams,
            long[] ourCounts,
            long[] ourCountLat,
            List<String[]> pairs,
            long[] ourCnf,
            long[] ourCnfLat,
            int window,
            long[] ourCnfCpuTimes)
            throws IOException {
        Path dir = Path.of(opt(
                "lucene-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "mnemos-corpusstats-bench", "lucene")
                        .toString()));
        deleteRecursively(dir);
        Files.createDirectories(dir);
        FieldType type = new FieldType();
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
        type.setTokenized(true);
        type.setOmitNorms(true);
        type.freeze();
        long t0 = System.nanoTime();
        long docs = index.stats().documents();
        try (FSDirectory fs = FSDirectory.open(dir);
                IndexWriter w = new IndexWriter(fs, new IndexWriterConfig().setRAMBufferSizeMB(256))) {
            ListTokenStream ts = new ListTokenStream();
            for (long d = 0; d < docs; d++) {
                ts.tokens = index.document(d).tokens();
                w.addDocument(List.of(new Field("text", ts, type)));
            }
            w.forceMerge(1);
        }
        long buildNanos = System.nanoTime() - t0;
        long luceneBytes;
        try (Stream<Path> files = Files.list(dir)) {
            luceneBytes = files.mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        }
        try (FSDirectory fs = FSDirectory.open(dir);
                DirectoryReader reader = DirectoryReader.open(fs)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            searcher.setQueryCache(null); // measure the queries, not the cache
            for (List<String> ng : ngrams) { // warm-up pass, as for the suffix-array engine
                luceneCount(searcher, ng);
            }
            long[] lat = new long[ngrams.size()];
            long[] cpuLat = new long[ngrams.size()];
            int mismatches = 0;
            List<String> examples = new ArrayList<>();
            for (int i = 0; i < ngrams.size(); i++) {
                long c0 = cpu();
                long s = System.nanoTime();
                long c = luceneCount(searcher, ngrams.get(i));
                lat[i] = System.nanoTime() - s;
                cpuLat[i] = cpu() - c0;
                if (c != ourCounts[i]) {
                    mismatches++;
                    if (examples.size() < 3) {
                        examples.add(ngrams.get(i) + ": ours " + ourCounts[i] + ", Lucene " + c);
                    }
                }
            }
            for (String[] pair : pairs) {
                searcher.count(near(pair, window));
            }
            long[] cnfLat = new long[pairs.size()];
            long[] cnfCpu = new long[pairs.size()];
            int agree = 0;
            for (int i = 0; i < pairs.size(); i++) {
                long c0 = cpu();
                long s = System.nanoTime();
                long c = searcher.count(near(pairs.get(i), window));
                cnfLat[i] = System.nanoTime() - s;
                cnfCpu[i] = cpu() - c0;
                if ((c > 0) == (ourCnf[i] > 0)) {
                    agree++;
                }
            }
            out("### Lucene 10.6 baseline (same documents, same tokens, one segment, single thread)");
            out("");
            out(String.format(
                    Locale.ROOT,
                    "Index with positions: %.1f s to build (incl. forceMerge(1)), %,d bytes (%.2f bytes per token).",
                    buildNanos / 1e9,
                    luceneBytes,
                    (double) luceneBytes / index.stats().tokens()));
            out("");
            out(TABLE_HEAD);
            out(TABLE_RULE);
            out(latRow(
                    "Lucene count: `totalTermFreq` (1 token) / ordered `SpanNearQuery` slop 0, all spans",
                    lat,
                    cpuLat));
            out(latRow(
                    "Lucene CNF: unordered `SpanNearQuery` slop " + (window - 1) + ", `IndexSearcher.count`",
                    cnfLat,
                    cnfCpu));
            out("");
            out(String.format(
                    Locale.ROOT,
                    "Count agreement with the suffix-array engine: %d of %d n-grams equal%s. CNF: zero/non-zero agrees "
                            + "for %d of %d pairs (Lucene counts documents with a pair within the slop, the engine counts "
                            + "anchor occurrences, so only zero vs non-zero is comparable).",
                    ngrams.size() - mismatches,
                    ngrams.size(),
                    examples.isEmpty() ? "" : " (e.g. " + String.join("; ", examples) + ")",
                    agree,
                    pairs.size()));
            out("");
            out("| ratio Lucene / suffix array (> 1: suffix array faster) | p50 | p99 | mean |");
            out("|---|---|---|---|");
            out(ratioRow("count, wall", lat, ourCountLat));
            out(ratioRow("count, CPU", cpuLat, ourCountCpu));
            out(ratioRow(
                    "count 2–5-grams only, wall",
                    filter(lat, i -> ngrams.get(i).size() > 1),
                    filter(ourCountLat, i -> ngrams.get(i).size() > 1)));
            out(ratioRow("CNF window " + window + ", wall", cnfLat, ourCnfLat));
            out(ratioRow("CNF window " + window + ", CPU", cnfCpu, ourCnfCpuTimes));
            out("");
        }
    }

    private static String ratioRow(String name, long[] lucene, long[] ours) {
        long[] a = lucene.clone();
        long[] b = ours.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(1);
        return String.format(
                Locale.ROOT,
                "| %s | %.1f× | %.1f× | %.1f× |",
                name,
                (double) pct(a, 0.5) / pct(b, 0.5),
                (double) pct(a, 0.99) / pct(b, 0.99),
                ma / mb);
    }

    private static SpanQuery near(String[] pair, int window) {
        return new SpanNearQuery(
                new SpanQuery[] {
                    new SpanTermQuery(new Term("text", pair[0])), new SpanTermQuery(new Term("text", pair[1]))
                },
                window - 1,
                false);
    }

    private static long luceneCount(IndexSearcher searcher, List<String> ngram) throws IOException {
        if (ngram.size() == 1) {
            return searcher.getIndexReader().totalTermFreq(new Term("text", ngram.getFirst()));
        }
        SpanQuery[] clauses = new SpanQuery[ngram.size()];
        for (int i = 0; i < clauses.length; i++) {
            clauses[i] = new SpanTermQuery(new Term("text", ngram.get(i)));
        }
        SpanQuery q = (SpanQuery) searcher.rewrite(new SpanNearQuery(clauses, 0, true));
        SpanWeight w = (SpanWeight) searcher.createWeight(q, ScoreMode.COMPLETE_NO_SCORES, 1f);
        long total = 0;
        for (LeafReaderContext ctx : searcher.getIndexReader().leaves()) {
            Spans spans = w.getSpans(ctx, SpanWeight.Postings.POSITIONS);
            if (spans == null) {
                continue;
            }
            while (spans.nextDoc() != DocIdSetIterator.NO_MORE_DOCS) {
                while (spans.nextStartPosition() != Spans.NO_MORE_POSITIONS) {
                    total++;
                }
            }
        }
        return total;
    }

    /** Feeds the engine's own tokens to Lucene, so both index exactly the same token sequence. */
    private static final class ListTokenStream extends TokenStream {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        List<String> tokens = List.of();
        private int i;

        @Override
        public boolean incrementToken() {
            if (i >= tokens.size()) {
                return false;
            }
            clearAttributes();
            term.setEmpty().append(tokens.get(i++));
            return true;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            i = 0;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Samples used heap every 10 ms. */
    private static final class HeapSampler {
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;
        private Thread thread;

        void start() {
            thread = Thread.ofPlatform().daemon().start(() -> {
                Runtime rt = Runtime.getRuntime();
                while (running) {
                    peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        long peak() {
            return peak.get();
        }
    }

    private static final class ProgressPrinter implements io.mnemos.retrieval.corpusstats.BuildProgress {
        private long lastPrint;

        @Override
        public void onEvent(Event e) {
            long now = System.nanoTime();
            if (e.phase() == Phase.TOKENIZE && now - lastPrint < 5_000_000_000L) {
                return;
            }
            lastPrint = now;
            System.out.printf(
                    Locale.ROOT,
                    "[build] %-8s shard %2d  docs %,9d  tokens %,12d  %5.1f%%%n",
                    e.phase(),
                    e.shard(),
                    e.documentsRead(),
                    e.tokensRead(),
                    e.percent());
        }
    }
}
