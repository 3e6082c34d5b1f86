package io.mnemos.retrieval.bench;

import io.mnemos.model.Embedder;
import io.mnemos.retrieval.index.IndexSettings;
import io.mnemos.retrieval.index.TextAnalysis;
import io.mnemos.retrieval.index.VectorQuantization;
import io.mnemos.retrieval.ingest.ChunkingOptions;
import io.mnemos.retrieval.ingest.SourceDocument;
import io.mnemos.retrieval.search.LuceneRetriever;
import io.mnemos.retrieval.search.RetrieverSettings;
import io.mnemos.retrieval.search.SearchMode;
import io.mnemos.search.Fusion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs the evaluation a regression YAML describes ({@code regression/scifact.yaml}: dataset subset, configuration,
 * expected metrics with tolerances). Used by {@code RetrievalRegressionIT} and by {@code QualityBenchmark regression}
 * (which prints the values to record).
 */
public final class SciFactRegression {

    /** One metric's outcome. */
    public record Result(String label, double actual, double expected, double tolerance) {
        public boolean withinTolerance() {
            return Math.abs(actual - expected) <= tolerance;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%-40s %.4f (expected %.4f ± %.4f)%s",
                    label,
                    actual,
                    expected,
                    tolerance,
                    withinTolerance() ? "" : "  <-- OUT OF TOLERANCE");
        }
    }

    private SciFactRegression() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> loadSpec(String resource) {
        try (InputStream in = SciFactRegression.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " not on the class path");
            }
            return new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The subset: the first {@code subset.claims} claims, all documents they cite, and every
     * {@code subset.distractorStride}-th other document (stride 1 = full corpus).
     */
    @SuppressWarnings("unchecked")
    public static SciFact subset(SciFact sf, Map<String, Object> spec) {
        Map<String, Object> sub = (Map<String, Object>) spec.get("subset");
        int claims = ((Number) sub.get("claims")).intValue();
        int stride = ((Number) sub.get("distractorStride")).intValue();
        List<SciFact.Claim> cs =
                sf.claims().subList(0, Math.min(claims, sf.claims().size()));
        Set<String> cited = new HashSet<>();
        cs.forEach(c -> cited.addAll(c.relevant()));
        List<SourceDocument> docs = new ArrayList<>();
        for (int i = 0; i < sf.corpus().size(); i++) {
            SourceDocument d = sf.corpus().get(i);
            if (cited.contains(d.documentId()) || i % stride == 0) {
                docs.add(d);
            }
        }
        return new SciFact(docs, cs);
    }

    @SuppressWarnings("unchecked")
    public static List<Result> run(Map<String, Object> spec, SciFact data, Embedder embedder, Path workDir) {
        Map<String, Object> config = (Map<String, Object>) spec.get("config");
        Map<String, Object> chunking = (Map<String, Object>) config.get("chunking");
        Map<String, Object> index = (Map<String, Object>) config.get("index");
        Map<String, Object> retriever = (Map<String, Object>) config.get("retriever");
        SciFact sf = subset(data, spec);
        List<RetrievalEval.Query> queries =
                RetrievalEval.queries(sf.claims(), (i, c) -> new RetrievalEval.Query(c.id(), c.text(), c.relevant()));
        ChunkingOptions chunkingOptions = new ChunkingOptions(
                ((Number) chunking.get("maxWords")).intValue(),
                ((Number) chunking.get("overlapSentences")).intValue(),
                (Boolean) chunking.get("titleInEmbedding"));
        IndexSettings settings = IndexSettings.defaults(workDir, embedder.dimension())
                .withQuantization(VectorQuantization.valueOf((String) index.get("quantization")))
                .withBm25(((Number) index.get("k1")).floatValue(), ((Number) index.get("b")).floatValue())
                .withAnalysis(TextAnalysis.valueOf((String) index.get("analysis")));
        RetrieverSettings rs = RetrieverSettings.defaults()
                .withCandidateDepth(((Number) retriever.get("candidateDepth")).intValue())
                .withTieBreaker(((Number) retriever.get("tieBreaker")).floatValue())
                .withContextWeight(((Number) retriever.get("contextWeight")).floatValue())
                .withTitleWeight(((Number) retriever.getOrDefault("titleWeight", 1.0)).floatValue());
        int contextChunks = ((Number) index.get("contextChunks")).intValue();
        List<Result> results = new ArrayList<>();
        try (RetrievalEval eval =
                RetrievalEval.build(sf.corpus(), embedder, chunkingOptions, settings, contextChunks)) {
            LuceneRetriever r = eval.retriever(rs);
            for (Map<String, Object> m : (List<Map<String, Object>>) spec.get("metrics")) {
                SearchMode mode = SearchMode.valueOf((String) m.get("mode"));
                String fusionText = (String) m.get("fusion");
                RetrievalEval.Scores s = RetrievalEval.score(r, queries, mode, parseFusion(fusionText));
                String metric = (String) m.get("metric");
                double actual =
                        switch (metric) {
                            case "ndcg@10" -> s.ndcg10();
                            case "recall@100" -> s.recall100();
                            case "recall@10" -> s.recall10();
                            default -> throw new IllegalArgumentException("unknown metric " + metric);
                        };
                results.add(new Result(
                        mode + (fusionText == null ? "" : " " + fusionText) + " " + metric,
                        actual,
                        ((Number) m.get("expected")).doubleValue(),
                        ((Number) m.get("tolerance")).doubleValue()));
            }
        }
        return results;
    }

    /**
     * Parses {@code rrf(60)}, {@code rrf(60, 1, 1.5)} (k, lexical weight, dense weight), {@code convex(0.5)} or
     * {@code convex(0.5, z_score)} (alpha, normalisation); null gives null (the retriever's default).
     */
    public static Fusion parseFusion(String s) {
        if (s == null) {
            return null;
        }
        String t = s.replace(" ", "").toLowerCase(Locale.ROOT);
        if (!t.endsWith(")")) {
            throw new IllegalArgumentException("unknown fusion " + s);
        }
        if (t.startsWith("rrf(")) {
            String[] a = t.substring(4, t.length() - 1).split(",");
            int k = Integer.parseInt(a[0]);
            return a.length == 1 ? Fusion.rrf(k) : Fusion.rrf(k, Double.parseDouble(a[1]), Double.parseDouble(a[2]));
        }
        if (t.startsWith("convex(")) {
            String[] a = t.substring(7, t.length() - 1).split(",");
            double alpha = Double.parseDouble(a[0]);
            return a.length == 1
                    ? Fusion.convex(alpha)
                    : Fusion.convex(alpha, Fusion.Normalization.valueOf(a[1].toUpperCase(Locale.ROOT)));
        }
        throw new IllegalArgumentException("unknown fusion " + s);
    }
}
