package io.mnemos.retrieval.bench;

import io.mnemos.model.Embedder;
import io.mnemos.retrieval.index.IndexSettings;
import io.mnemos.retrieval.index.TextAnalysis;
import io.mnemos.retrieval.index.VectorQuantization;
import io.mnemos.retrieval.ingest.ChunkingOptions;
import io.mnemos.retrieval.search.LuceneRetriever;
import io.mnemos.retrieval.search.RetrieverSettings;
import io.mnemos.retrieval.search.SearchMode;
import io.mnemos.search.Fusion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Retrieval quality on SciFact (training claims, document level: nDCG@10, Recall@100) and the HotpotQA subset
 * (supporting-paragraph recall@5/@10), through the real chunk → embed → index → search path.
 *
 * <pre>
 * ./mvnw -q -pl retrieval-service test-compile exec:exec -Dbench.main=io.mnemos.retrieval.bench.QualityBenchmark \
 *     -Dbench.args="scifact hotpot"
 * </pre>
 *
 * Tasks (args): {@code scifact} (defaults, all modes), {@code hotpot}, {@code chunks} (max-words sweep),
 * {@code fusion} (RRF k / convex alpha sweep), {@code bm25} (k1, b, analyzer, tie-breaker sweep), {@code quant}
 * (quantization: dense quality and kNN recall vs exact), {@code variants-scifact} / {@code variants-hotpot} (BM25
 * field weights × fusion variants through the retriever; see {@link #variants}). System properties: {@code embedder} (auto|minilm|minilm128|
 * lc4j), {@code maxWords}, {@code claims} (limit). Vectors are cached in {@code target/bench-cache} (delete it to
 * re-embed); data comes from {@code ../shared/data} and the run is skipped with a message if it is absent.
 */
public final class QualityBenchmark {

    static final Path WORK = Path.of("target", "bench-work");

    public static void main(String[] args) throws Exception {
        List<String> tasks = args.length == 0 ? List.of("scifact", "hotpot") : Arrays.asList(args);
        FileEmbeddingCache embedder = BenchEmbedders.cachedFromProperty();
        int maxWords = Integer.getInteger("maxWords", ChunkingOptions.DEFAULT_MAX_WORDS);
        for (String task : tasks) {
            switch (task) {
                case "scifact" -> scifact(embedder, maxWords);
                case "hotpot" -> hotpot(embedder, maxWords);
                case "chunks" -> chunkSweep(embedder);
                case "fusion" -> fusionSweep(embedder, maxWords);
                case "bm25" -> bm25Sweep(embedder, maxWords);
                case "quant" -> quantization(embedder, maxWords);
                case "regression" -> regression(embedder);
                case "context" -> contextSweep(embedder, maxWords);
                case "variants-scifact", "variants-hotpot" ->
                    variants(embedder, maxWords, task.substring("variants-".length()));
                default -> System.out.println("unknown task " + task);
            }
            embedder.flush();
        }
    }

    static List<RetrievalEval.Query> sciFactQueries(SciFact sf) {
        int limit = Integer.getInteger("claims", Integer.MAX_VALUE);
        List<SciFact.Claim> claims =
                sf.claims().subList(0, Math.min(limit, sf.claims().size()));
        return RetrievalEval.queries(claims, (i, c) -> new RetrievalEval.Query(c.id(), c.text(), c.relevant()));
    }

    static IndexSettings settings(Path dir, Embedder e) {
        return IndexSettings.defaults(dir, e.dimension());
    }

    static Path freshDir(String name) {
        Path dir = WORK.resolve(name);
        deleteRecursively(dir);
        return dir;
    }

    static RetrievalEval buildSciFact(SciFact sf, FileEmbeddingCache e, ChunkingOptions chunking, IndexSettings s) {
        long t = System.nanoTime();
        long missesBefore = e.misses();
        RetrievalEval eval = RetrievalEval.build(sf.corpus(), e, chunking, s);
        e.flush();
        System.out.printf(
                Locale.ROOT,
                "  indexed %d docs -> %d chunks (maxWords %d) in %.1f s (embedded %d new texts, embed %.1f s, index %.1f s)%n",
                sf.corpus().size(),
                eval.chunks(),
                chunking.maxWords(),
                (System.nanoTime() - t) / 1e9,
                e.misses() - missesBefore,
                eval.ingestResult().embedMillis() / 1e3,
                eval.ingestResult().indexMillis() / 1e3);
        return eval;
    }

    static RetrieverSettings evalRetrieverSettings() {
        // 300 chunk candidates per mode so that ~100 distinct documents remain after grouping (Recall@100)
        RetrieverSettings rs = RetrieverSettings.defaults().withCandidateDepth(300);
        String cw = System.getProperty("contextWeight"); // e.g. -DcontextWeight=0: BM25 without the context field
        return cw == null ? rs : rs.withContextWeight(Float.parseFloat(cw));
    }

    static void scifact(FileEmbeddingCache e, int maxWords) {
        var dir = SciFact.locate();
        if (dir.isEmpty()) {
            System.out.println("SKIPPED scifact: ../shared/data/scifact not found");
            return;
        }
        SciFact sf = SciFact.load(dir.get());
        List<RetrievalEval.Query> qs = sciFactQueries(sf);
        System.out.printf(
                "SciFact: %d docs, %d training claims with cited docs%n",
                sf.corpus().size(), qs.size());
        try (RetrievalEval eval = buildSciFact(
                sf, e, ChunkingOptions.defaults().withMaxWords(maxWords), settings(freshDir("scifact"), e))) {
            LuceneRetriever r = eval.retriever(evalRetrieverSettings());
            warmUp(r, qs);
            System.out.println("  bm25              " + RetrievalEval.score(r, qs, SearchMode.BM25, null));
            System.out.println("  dense             " + RetrievalEval.score(r, qs, SearchMode.DENSE, null));
            System.out.println("  hybrid rrf(60)    " + RetrievalEval.score(r, qs, SearchMode.HYBRID, Fusion.rrf(60)));
            System.out.println(
                    "  hybrid convex 0.5 " + RetrievalEval.score(r, qs, SearchMode.HYBRID, Fusion.convex(0.5)));
        }
    }

    static void warmUp(LuceneRetriever r, List<RetrievalEval.Query> qs) {
        RetrievalEval.rank(r, qs.subList(0, Math.min(50, qs.size())), SearchMode.HYBRID, null, 100);
    }

    static void chunkSweep(FileEmbeddingCache e) {
        var dir = SciFact.locate();
        if (dir.isEmpty()) {
            System.out.println("SKIPPED chunks: ../shared/data/scifact not found");
            return;
        }
        SciFact sf = SciFact.load(dir.get());
        List<RetrievalEval.Query> qs = sciFactQueries(sf);
        String sizes = System.getProperty("sizes", "60,90,120,180,100000");
        for (String w : sizes.split(",")) {
            int words = Integer.parseInt(w.strip());
            System.out.printf("maxWords %d%n", words);
            try (RetrievalEval eval = buildSciFact(
                    sf, e, ChunkingOptions.defaults().withMaxWords(words), settings(freshDir("chunks"), e))) {
                LuceneRetriever r = eval.retriever(evalRetrieverSettings());
                System.out.println("  bm25              " + RetrievalEval.score(r, qs, SearchMode.BM25, null));
                System.out.println("  dense             " + RetrievalEval.score(r, qs, SearchMode.DENSE, null));
                System.out.println(
                        "  hybrid rrf(60)    " + RetrievalEval.score(r, qs, SearchMode.HYBRID, Fusion.rrf(60)));
                System.out.println(
                        "  hybrid convex 0.5 " + RetrievalEval.score(r, qs, SearchMode.HYBRID, Fusion.convex(0.5)));
            }
        }
    }

    static void fusionSweep(FileEmbeddingCache e, int maxWords) {
        var dir = SciFact.locate();
        if (dir.isEmpty()) {
            System.out.println("SKIPPED fusion: ../shared/data/scifact not found");
            return;
        }
        SciFact sf = SciFact.load(dir.get());
        List<RetrievalEval.Query> qs = sciFactQueries(sf);
        try (RetrievalEval eval = buildSciFact(
                sf, e, ChunkingOptions.defaults().withMaxWords(maxWords), settings(freshDir("fusion"), e))) {
            for (String depthText : System.getProperty("depths", "100,300").split(",")) {
                int depth = Integer.parseInt(depthText.strip());
                LuceneRetriever r = eval.retriever(RetrieverSettings.defaults().withCandidateDepth(depth));
                System.out.printf("candidate depth %d%n", depth);
                for (int k : new int[] {10, 30, 60, 100}) {
                    System.out.printf(
                            "  rrf(%d)        %s%n", k, RetrievalEval.score(r, qs, SearchMode.HYBRID, Fusion.rrf(k)));
                }
                for (double a : new double[] {0.3, 0.4, 0.5, 0.6, 0.7}) {
                    System.out.printf(
                            Locale.ROOT,
                            "  convex(%.1f)    %s%n",
                            a,
                            RetrievalEval.score(r, qs, SearchMode.HYBRID, Fusion.convex(a)));
                }
            }
        }
    }

    static void bm25Sweep(FileEmbeddingCache e, int maxWords) {
        var dir = SciFact.locate();
        if (dir.isEmpty()) {
            System.out.println("SKIPPED bm25: ../shared/data/scifact not found");
            return;
        }
        SciFact sf = SciFact.load(dir.get());
        List<RetrievalEval.Query> qs = sciFactQueries(sf);
        for (String analysisName :
                System.getProperty("analyses", "ENGLISH,STANDARD").split(",")) {
            TextAnalysis analysis = TextAnalysis.valueOf(analysisName.strip());
            IndexSettings base = settings(freshDir("bm25"), e).withAnalysis(analysis);
            try (RetrievalEval eval =
                    buildSciFact(sf, e, ChunkingOptions.defaults().withMaxWords(maxWords), base)) {
                for (float[] kb :
                        new float[][] {{0.9f, 0.4f}, {1.2f, 0.75f}, {1.2f, 0.4f}, {0.9f, 0.75f}, {1.5f, 0.6f}}) {
                    eval.reopen(base.withBm25(kb[0], kb[1]));
                    for (float tie : new float[] {0f, 0.5f, 1f}) {
                        LuceneRetriever r =
                                eval.retriever(evalRetrieverSettings().withTieBreaker(tie));
                        System.out.printf(
                                Locale.ROOT,
                                "  %-8s k1 %.1f b %.2f tie %.1f  bm25 %s%n",
                                analysis,
                                kb[0],
                                kb[1],
                                tie,
                                RetrievalEval.score(r, qs, SearchMode.BM25, null));
                    }
                }
            }
        }
    }

    static void quantization(FileEmbeddingCache e, int maxWords) {
        var dir = SciFact.locate();
        if (dir.isEmpty()) {
            System.out.println("SKIPPED quant: ../shared/data/scifact not found");
            return;
        }
        SciFact sf = SciFact.load(dir.get());
        List<RetrievalEval.Query> qs = sciFactQueries(sf);
        for (VectorQuantization q : VectorQuantization.values()) {
            Path d = freshDir("quant-" + q);
            try (RetrievalEval eval = buildSciFact(
                    sf,
                    e,
                    ChunkingOptions.defaults().withMaxWords(maxWords),
                    settings(d, e).withQuantization(q))) {
                eval.registry().write(RetrievalEval.TENANT, idx -> {
                    idx.forceMerge(1);
                    return null;
                });
                long bytes = dirSize(d);
                for (int oversample : q == VectorQuantization.BIT1 || q == VectorQuantization.INT4
                        ? new int[] {1, 3}
                        : new int[] {1}) {
                    LuceneRetriever r = eval.retriever(evalRetrieverSettings().withRescoreOversample(oversample));
                    System.out.printf(
                            Locale.ROOT,
                            "  %-8s rescore x%d  size %.1f MB  dense %s  hybrid(convex .5) %s%n",
                            q,
                            oversample,
                            bytes / 1e6,
                            RetrievalEval.score(r, qs, SearchMode.DENSE, null),
                            RetrievalEval.score(r, qs, SearchMode.HYBRID, Fusion.convex(0.5)));
                }
            }
        }
    }

    /** BM25 with and without the neighbouring-chunk context field, and its effect on hybrid. */
    static void contextSweep(FileEmbeddingCache e, int maxWords) {
        var dir = SciFact.locate();
        if (dir.isEmpty()) {
            System.out.println("SKIPPED context: ../shared/data/scifact not found");
            return;
        }
        SciFact sf = SciFact.load(dir.get());
        List<RetrievalEval.Query> qs = sciFactQueries(sf);
        try (RetrievalEval eval = buildSciFact(
                sf, e, ChunkingOptions.defaults().withMaxWords(maxWords), settings(freshDir("context"), e))) {
            for (float w : new float[] {0f, 1f, 2f}) {
                for (float tie : new float[] {0.5f, 1f}) {
                    LuceneRetriever r = eval.retriever(
                            evalRetrieverSettings().withContextWeight(w).withTieBreaker(tie));
                    System.out.printf(Locale.ROOT, "context weight %.1f tie %.1f%n", w, tie);
                    System.out.println("  bm25              " + RetrievalEval.score(r, qs, SearchMode.BM25, null));
                    if (tie == 0.5f) {
                        System.out.println(
                                "  hybrid rrf(60)    " + RetrievalEval.score(r, qs, SearchMode.HYBRID, Fusion.rrf(60)));
                        System.out.println("  hybrid convex 0.5 "
                                + RetrievalEval.score(r, qs, SearchMode.HYBRID, Fusion.convex(0.5)));
                    }
                }
            }
        }
    }

    /**
     * BM25 field weights × fusion variants, each run through {@link LuceneRetriever} (the service's analyzer, fields,
     * grouping and fusion) on one index: {@code -Dfields="1:1,1:0"} (title weight : context weight, text weight 1) and
     * {@code -Dfusions="convex(0.5);convex(0.5,z_score);rrf(60);rrf(60,1,1.5)"} (';'-separated, the syntax of
     * {@link SciFactRegression#parseFusion}). Prints nDCG@10 over all queries and over halves A / B (even / odd
     * positions, to check that a choice made on one half holds on the other), R@5, R@10, R@100 and "all relevant in
     * the top 10".
     */
    static void variants(FileEmbeddingCache e, int maxWords, String dataset) {
        List<io.mnemos.retrieval.ingest.SourceDocument> docs;
        List<RetrievalEval.Query> qs;
        if (dataset.equals("scifact")) {
            var dir = SciFact.locate();
            if (dir.isEmpty()) {
                System.out.println("SKIPPED variants: ../shared/data/scifact not found");
                return;
            }
            SciFact sf = SciFact.load(dir.get());
            docs = sf.corpus();
            qs = sciFactQueries(sf);
        } else {
            var dir = HotpotQa.locate();
            if (dir.isEmpty()) {
                System.out.println("SKIPPED variants: ../shared/data/multihop not found");
                return;
            }
            HotpotQa h = HotpotQa.load(dir.get());
            docs = h.corpus();
            qs = RetrievalEval.queries(
                    h.questions(), (i, q) -> new RetrievalEval.Query(q.id(), q.text(), q.supporting()));
        }
        // -DtitleInEmbedding=false: embed the chunk text alone instead of "title\ntext" (dense formatting variant)
        ChunkingOptions chunking = new ChunkingOptions(
                maxWords,
                ChunkingOptions.defaults().overlapSentences(),
                Boolean.parseBoolean(System.getProperty("titleInEmbedding", "true")));
        System.out.printf("%s: %d docs, %d queries, %s%n", dataset, docs.size(), qs.size(), chunking);
        try (RetrievalEval eval = RetrievalEval.build(docs, e, chunking, settings(freshDir("variants"), e))) {
            e.flush();
            System.out.printf("  indexed %d chunks%n", eval.chunks());
            RetrieverSettings base = RetrieverSettings.defaults().withCandidateDepth(300);
            variantRow("dense", RetrievalEval.rank(eval.retriever(base), qs, SearchMode.DENSE, null, 100), qs);
            e.flush();
            List<Fusion> fusions = new ArrayList<>();
            for (String f : System.getProperty("fusions", "convex(0.5)").split(";")) {
                if (!f.isBlank()) {
                    fusions.add(SciFactRegression.parseFusion(f));
                }
            }
            for (String fw : System.getProperty("fields", "1:1").split(",")) {
                String[] tc = fw.strip().split(":");
                float title = Float.parseFloat(tc[0]);
                float context = Float.parseFloat(tc[1]);
                LuceneRetriever r = eval.retriever(base.withTitleWeight(title).withContextWeight(context));
                String fields = String.format(Locale.ROOT, "title %.2f ctx %.2f", title, context);
                variantRow("bm25 " + fields, RetrievalEval.rank(r, qs, SearchMode.BM25, null, 100), qs);
                for (Fusion f : fusions) {
                    variantRow(
                            "hybrid " + f.describe() + " " + fields,
                            RetrievalEval.rank(r, qs, SearchMode.HYBRID, f, 100),
                            qs);
                }
            }
        }
    }

    private static void variantRow(String label, List<List<String>> ranked, List<RetrievalEval.Query> qs) {
        double[] half = new double[2];
        int[] count = new int[2];
        int all10 = 0;
        for (int i = 0; i < qs.size(); i++) {
            half[i % 2] += Metrics.ndcg(ranked.get(i), qs.get(i).relevant(), 10);
            count[i % 2]++;
            List<String> top10 =
                    ranked.get(i).subList(0, Math.min(10, ranked.get(i).size()));
            if (top10.containsAll(qs.get(i).relevant())) {
                all10++;
            }
        }
        RetrievalEval.Scores s = RetrievalEval.score(ranked, qs, 0);
        System.out.printf(
                Locale.ROOT,
                "  %-62s nDCG@10 %.4f (A %.4f B %.4f)  R@5 %.4f  R@10 %.4f  R@100 %.4f  all@10 %.3f%n",
                label,
                s.ndcg10(),
                half[0] / count[0],
                half[1] / Math.max(1, count[1]),
                s.recall5(),
                s.recall10(),
                s.recall100(),
                all10 / (double) qs.size());
    }

    /** Runs regression/scifact.yaml (with the vector cache) and prints the values to record there. */
    static void regression(FileEmbeddingCache e) {
        var dir = SciFact.locate();
        if (dir.isEmpty()) {
            System.out.println("SKIPPED regression: ../shared/data/scifact not found");
            return;
        }
        // -DregressionMaxWords=90,200: the same subset and metrics with other chunk sizes (comparing configurations)
        String sizes = System.getProperty("regressionMaxWords");
        for (String w : sizes == null ? new String[] {null} : sizes.split(",")) {
            var spec = SciFactRegression.loadSpec("/regression/scifact.yaml");
            if (w != null) {
                @SuppressWarnings("unchecked")
                var chunking = (java.util.Map<String, Object>)
                        ((java.util.Map<String, Object>) spec.get("config")).get("chunking");
                chunking.put("maxWords", Integer.parseInt(w.strip()));
                System.out.println("  (regression subset with maxWords " + w.strip() + ")");
            }
            regressionRun(spec, e, dir.get());
        }
    }

    static void regressionRun(java.util.Map<String, Object> spec, FileEmbeddingCache e, Path dir) {
        long t = System.nanoTime();
        SciFactRegression.run(spec, SciFact.load(dir), e, freshDir("regression"))
                .forEach(r -> System.out.println("  " + r));
        System.out.printf(Locale.ROOT, "  (%.0f s)%n", (System.nanoTime() - t) / 1e9);
    }

    static void hotpot(FileEmbeddingCache e, int maxWords) {
        var dir = HotpotQa.locate();
        if (dir.isEmpty()) {
            System.out.println("SKIPPED hotpot: ../shared/data/multihop not found");
            return;
        }
        HotpotQa h = HotpotQa.load(dir.get());
        List<RetrievalEval.Query> qs = RetrievalEval.queries(
                h.questions(), (i, q) -> new RetrievalEval.Query(q.id(), q.text(), q.supporting()));
        System.out.printf(
                "HotpotQA subset: %d paragraphs, %d questions%n", h.corpus().size(), qs.size());
        long t = System.nanoTime();
        try (RetrievalEval eval = RetrievalEval.build(
                h.corpus(), e, ChunkingOptions.defaults().withMaxWords(maxWords), settings(freshDir("hotpot"), e))) {
            e.flush();
            System.out.printf(
                    Locale.ROOT, "  indexed %d chunks in %.1f s%n", eval.chunks(), (System.nanoTime() - t) / 1e9);
            LuceneRetriever r = eval.retriever(evalRetrieverSettings());
            for (var m : List.of(
                    new Object[] {"bm25", SearchMode.BM25, null},
                    new Object[] {"dense", SearchMode.DENSE, null},
                    new Object[] {"hybrid rrf(60)", SearchMode.HYBRID, Fusion.rrf(60)},
                    new Object[] {"hybrid convex 0.5", SearchMode.HYBRID, Fusion.convex(0.5)})) {
                List<List<String>> ranked = RetrievalEval.rank(r, qs, (SearchMode) m[1], (Fusion) m[2], 10);
                int both10 = 0;
                for (int i = 0; i < qs.size(); i++) {
                    if (ranked.get(i)
                            .subList(0, Math.min(10, ranked.get(i).size()))
                            .containsAll(qs.get(i).relevant())) {
                        both10++;
                    }
                }
                RetrievalEval.Scores s = RetrievalEval.score(ranked, qs, 0);
                System.out.printf(
                        Locale.ROOT,
                        "  %-18s recall@5 %.3f  recall@10 %.3f  all-supporting@10 %.2f%n",
                        m[0],
                        s.recall5(),
                        s.recall10(),
                        both10 / (double) qs.size());
            }
        }
    }

    static long dirSize(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(walk.toList());
            all.sort(Comparator.reverseOrder());
            for (Path p : all) {
                Files.delete(p);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
