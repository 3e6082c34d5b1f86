package io.mnemos.retrieval.bench;

import io.mnemos.retrieval.index.IndexSettings;
import io.mnemos.retrieval.ingest.ChunkingOptions;
import io.mnemos.retrieval.search.LuceneRetriever;
import io.mnemos.retrieval.search.RetrieverSettings;
import io.mnemos.retrieval.search.SearchHit;
import io.mnemos.retrieval.search.SearchMode;
import io.mnemos.retrieval.search.SearchRequest;
import io.mnemos.search.Fusion;
import io.mnemos.search.RankFusion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SciFact parameter sweep used to choose the retrieval defaults: per chunk size (one index, embedded once and cached),
 * BM25 k1/b × context field, document aggregation of chunk scores, and fusion (convex α, RRF k), all evaluated on the
 * training claims and on two halves (even / odd claim positions) so a choice made on one half can be checked on the
 * other.
 *
 * <pre>
 * ./mvnw -q -pl retrieval-service test-compile exec:exec -Dbench.main=io.mnemos.retrieval.bench.TuneBenchmark \
 *     -Dembedder=minilm -Dbench.props="-Dsizes=100000,200,150,90"
 * </pre>
 *
 * <p>Each mode is queried once per setting for its top {@value #DEPTH} chunks (ungrouped); grouping into documents and
 * fusion are then recomputed here from those lists, exactly as {@link LuceneRetriever} does for "best chunk" grouping
 * (checked against the retriever's own hybrid result for the default setting), plus "max + λ·second" aggregation.
 */
public final class TuneBenchmark {

    static final int DEPTH = 300;

    /** One ranked chunk. */
    record C(String doc, double score) {}

    /** A document-level list (best first) with scores. */
    record D(List<String> docs, double[] scores) {}

    public static void main(String[] args) {
        var dir = SciFact.locate();
        if (dir.isEmpty()) {
            System.out.println("SKIPPED tune: ../shared/data/scifact not found");
            return;
        }
        FileEmbeddingCache e = BenchEmbedders.cachedFromProperty();
        SciFact sf = SciFact.load(dir.get());
        // -Dstride=4: all training claims, every document a claim cites plus every 4th other document (a cheaper
        // proxy of the full corpus when embedding time is short; 1 = full corpus)
        int stride = Integer.getInteger("stride", 1);
        if (stride > 1) {
            sf = SciFactRegression.subset(
                    sf,
                    Map.<String, Object>of(
                            "subset", Map.of("claims", sf.claims().size(), "distractorStride", stride)));
        }
        List<RetrievalEval.Query> qs = QualityBenchmark.sciFactQueries(sf);
        System.out.printf(
                "SciFact: %d docs (distractor stride %d), %d training claims%n",
                sf.corpus().size(), stride, qs.size());
        float[] k1s = floats(System.getProperty("k1s", "0.6,0.9,1.2,1.5"));
        float[] bs = floats(System.getProperty("bs", "0.3,0.4,0.55,0.75"));
        float[] cws = floats(System.getProperty("contextWeights", "0,1"));
        double[] lambdas = doubles(System.getProperty("lambdas", "0,0.1,0.3"));
        double[] alphas = doubles(System.getProperty("alphas", "0.3,0.4,0.5,0.6,0.7"));
        for (String w : System.getProperty("sizes", "100000,200,150,90").split(",")) {
            int words = Integer.parseInt(w.strip());
            System.out.printf("%n=== maxWords %d ===%n", words);
            IndexSettings base = QualityBenchmark.settings(QualityBenchmark.freshDir("tune"), e);
            try (RetrievalEval eval = QualityBenchmark.buildSciFact(
                    sf, e, ChunkingOptions.defaults().withMaxWords(words), base)) {
                LuceneRetriever r0 = eval.retriever(RetrieverSettings.defaults().withCandidateDepth(DEPTH));
                List<List<C>> dense = chunks(r0, qs, SearchMode.DENSE);
                e.flush();
                // the retriever's own numbers for the shipped default (sanity check of the recomputation below)
                if (Boolean.parseBoolean(System.getProperty("sanity", "true"))) {
                    System.out.println(
                            "  retriever dense           " + RetrievalEval.score(r0, qs, SearchMode.DENSE, null));
                    System.out.println(
                            "  retriever bm25 (defaults) " + RetrievalEval.score(r0, qs, SearchMode.BM25, null));
                    System.out.println("  retriever hybrid cx .5    "
                            + RetrievalEval.score(r0, qs, SearchMode.HYBRID, Fusion.convex(0.5)));
                }
                Map<String, List<List<C>>> bm25 = new LinkedHashMap<>();
                for (float k1 : k1s) {
                    for (float b : bs) {
                        eval.reopen(base.withBm25(k1, b));
                        for (float cw : cws) {
                            LuceneRetriever r = eval.retriever(RetrieverSettings.defaults()
                                    .withCandidateDepth(DEPTH)
                                    .withContextWeight(cw));
                            bm25.put(
                                    String.format(Locale.ROOT, "k1 %.2f b %.2f ctx %.0f", k1, b, cw),
                                    chunks(r, qs, SearchMode.BM25));
                        }
                    }
                }
                report(qs, bm25, dense, lambdas, alphas);
            }
        }
    }

    static void report(
            List<RetrievalEval.Query> qs,
            Map<String, List<List<C>>> bm25,
            List<List<C>> dense,
            double[] lambdas,
            double[] alphas) {
        Map<Double, List<D>> denseDocs = new HashMap<>();
        for (double l : lambdas) {
            denseDocs.put(l, group(dense, l));
            double[] s = eval(qs, denseDocs.get(l));
            System.out.printf(Locale.ROOT, "  dense agg λ=%.1f            %s%n", l, fmt(s));
        }
        // BM25 alone
        List<Object[]> bm25Rows = new ArrayList<>();
        List<Object[]> hybridRows = new ArrayList<>();
        for (var en : bm25.entrySet()) {
            for (double l : lambdas) {
                List<D> bd = group(en.getValue(), l);
                String name = en.getKey() + String.format(Locale.ROOT, " agg %.1f", l);
                bm25Rows.add(new Object[] {name, eval(qs, bd)});
                for (double a : alphas) {
                    List<D> fused = fuse(bd, denseDocs.get(l), Fusion.convex(a));
                    hybridRows.add(
                            new Object[] {name + String.format(Locale.ROOT, " convex %.1f", a), eval(qs, fused)});
                }
                for (int k : new int[] {10, 60}) {
                    List<D> fused = fuse(bd, denseDocs.get(l), Fusion.rrf(k));
                    hybridRows.add(new Object[] {name + " rrf " + k, eval(qs, fused)});
                }
            }
        }
        printTop("BM25", bm25Rows, 12);
        printTop("hybrid", hybridRows, 25);
        // held-out: choose on one half, evaluate on the other
        for (int half = 0; half < 2; half++) {
            int pick = 1 + half; // index of the half's nDCG in the metric array
            int other = 2 - half;
            Object[] best = hybridRows.stream()
                    .max(Comparator.comparingDouble(row -> ((double[]) row[1])[pick]))
                    .orElseThrow();
            System.out.printf(
                    Locale.ROOT,
                    "  held-out: best hybrid on half %s = [%s] nDCG@10 %.4f there, %.4f on half %s%n",
                    half == 0 ? "A" : "B",
                    best[0],
                    ((double[]) best[1])[pick],
                    ((double[]) best[1])[other],
                    half == 0 ? "B" : "A");
        }
    }

    static void printTop(String label, List<Object[]> rows, int n) {
        rows.sort(Comparator.comparingDouble(row -> -((double[]) row[1])[0]));
        System.out.printf("  top %s (all claims; halves A/B; R@10; R@100):%n", label);
        for (int i = 0; i < Math.min(n, rows.size()); i++) {
            System.out.printf(Locale.ROOT, "    %-48s %s%n", rows.get(i)[0], fmt((double[]) rows.get(i)[1]));
        }
    }

    static String fmt(double[] s) {
        return String.format(
                Locale.ROOT, "nDCG@10 %.4f  (A %.4f  B %.4f)  R@10 %.4f  R@100 %.4f", s[0], s[1], s[2], s[3], s[4]);
    }

    /** [nDCG@10 all, nDCG@10 even positions, nDCG@10 odd positions, R@10, R@100]. */
    static double[] eval(List<RetrievalEval.Query> qs, List<D> ranked) {
        double[] out = new double[5];
        int[] count = new int[2];
        for (int i = 0; i < qs.size(); i++) {
            var rel = qs.get(i).relevant();
            List<String> docs = ranked.get(i).docs();
            double n = Metrics.ndcg(docs, rel, 10);
            out[0] += n;
            out[1 + (i % 2)] += n;
            count[i % 2]++;
            out[3] += Metrics.recall(docs, rel, 10);
            out[4] += Metrics.recall(docs, rel, 100);
        }
        out[0] /= qs.size();
        out[1] /= count[0];
        out[2] /= count[1];
        out[3] /= qs.size();
        out[4] /= qs.size();
        return out;
    }

    static List<List<C>> chunks(LuceneRetriever r, List<RetrievalEval.Query> qs, SearchMode mode) {
        List<List<C>> out = new ArrayList<>(qs.size());
        for (RetrievalEval.Query q : qs) {
            List<SearchHit> hits = r.search(SearchRequest.builder(RetrievalEval.TENANT, q.text())
                            .collection(RetrievalEval.COLLECTION)
                            .k(DEPTH)
                            .mode(mode)
                            .groupByDocument(false)
                            .build())
                    .hits();
            List<C> l = new ArrayList<>(hits.size());
            for (SearchHit h : hits) {
                l.add(new C(h.documentId(), h.score()));
            }
            out.add(l);
        }
        return out;
    }

    /** Documents by max chunk score + λ · second-best chunk score (λ = 0: best chunk, as the retriever groups). */
    static List<D> group(List<List<C>> perQuery, double lambda) {
        List<D> out = new ArrayList<>(perQuery.size());
        for (List<C> l : perQuery) {
            Map<String, double[]> agg = new LinkedHashMap<>();
            for (C c : l) {
                double[] a = agg.get(c.doc());
                if (a == null) {
                    agg.put(c.doc(), new double[] {c.score(), Double.NaN});
                } else if (Double.isNaN(a[1])) {
                    a[1] = c.score();
                }
            }
            List<Map.Entry<String, Double>> docs = new ArrayList<>(agg.size());
            for (var en : agg.entrySet()) {
                double[] a = en.getValue();
                docs.add(Map.entry(en.getKey(), a[0] + (Double.isNaN(a[1]) ? 0 : lambda * a[1])));
            }
            // stable: equal scores keep first-seen (rank) order
            docs.sort(Comparator.comparingDouble(en -> -en.getValue()));
            List<String> ids = new ArrayList<>(docs.size());
            double[] s = new double[docs.size()];
            for (int i = 0; i < docs.size(); i++) {
                ids.add(docs.get(i).getKey());
                s[i] = docs.get(i).getValue();
            }
            out.add(new D(ids, s));
        }
        return out;
    }

    /** Fuses per query with the production {@link RankFusion} (the same code the service runs). */
    static List<D> fuse(List<D> bm25, List<D> dense, Fusion fusion) {
        List<D> out = new ArrayList<>(bm25.size());
        for (int q = 0; q < bm25.size(); q++) {
            List<RankFusion.Fused<String>> fused =
                    RankFusion.fuse(candidates(bm25.get(q)), candidates(dense.get(q)), fusion);
            List<String> ids = new ArrayList<>(fused.size());
            double[] s = new double[fused.size()];
            for (int i = 0; i < fused.size(); i++) {
                ids.add(fused.get(i).key());
                s[i] = fused.get(i).score();
            }
            out.add(new D(ids, s));
        }
        return out;
    }

    private static List<RankFusion.Candidate<String>> candidates(D d) {
        List<RankFusion.Candidate<String>> c = new ArrayList<>(d.docs().size());
        for (int i = 0; i < d.docs().size(); i++) {
            c.add(new RankFusion.Candidate<>(d.docs().get(i), d.scores()[i]));
        }
        return c;
    }

    static float[] floats(String csv) {
        String[] p = csv.split(",");
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Float.parseFloat(p[i].strip());
        }
        return out;
    }

    static double[] doubles(String csv) {
        String[] p = csv.split(",");
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Double.parseDouble(p[i].strip());
        }
        return out;
    }
}
