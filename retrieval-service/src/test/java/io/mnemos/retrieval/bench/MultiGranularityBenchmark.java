package io.mnemos.retrieval.bench;

import io.mnemos.retrieval.bench.TuneBenchmark.C;
import io.mnemos.retrieval.bench.TuneBenchmark.D;
import io.mnemos.retrieval.index.IndexFields;
import io.mnemos.retrieval.ingest.Chunk;
import io.mnemos.retrieval.ingest.Chunker;
import io.mnemos.retrieval.ingest.ChunkingOptions;
import io.mnemos.retrieval.ingest.SourceDocument;
import io.mnemos.retrieval.search.LuceneRetriever;
import io.mnemos.retrieval.search.RetrieverSettings;
import io.mnemos.retrieval.search.SearchHit;
import io.mnemos.retrieval.search.SearchMode;
import io.mnemos.retrieval.search.SearchRequest;
import io.mnemos.search.Fusion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.QueryBuilder;

/**
 * SciFact (all training claims, full corpus): multi-granularity fusion, chunk-score aggregation and pseudo-relevance
 * feedback with the production embedder. Two indexes of the same corpus: whole abstracts (one chunk per document) and
 * {@code -DchunkWords} (default 90) word chunks with the context field. Four base lists per claim (depth
 * {@value #DEPTH} chunks each, grouped to documents by best chunk): BM25 whole ({@code Bw}), dense whole ({@code Dw}),
 * BM25 chunks ({@code Bc}), dense chunks ({@code Dc}); plus dense over mean-pooled chunk vectors ({@code Dp}, exact,
 * no extra embedding). Fusion of N lists: convex (weights on min-max normalised scores, absent = 0) or RRF. Weight
 * grids are chosen on one half (even / odd claim positions) and reported on the other.
 *
 * <p>Sections ({@code -Dsections=}, default all): {@code grid} (convex weight grid over the five base lists), {@code tm}
 * (theoretical-min normalisation), {@code fine} (a third index of {@code -DfineWords}-word chunks, default 40: lists
 * {@code Bs}, {@code Ds}, and the six-list grid — the best result measured), {@code agg} (chunk-score aggregation),
 * {@code sdm} (BM25 + term-pair proximity), {@code prf} (dense Rocchio and BM25 RM3-style feedback). Measured on
 * 2026-11-30 (809 training claims, 5,183 abstracts, {@code minilm}): no variant reaches 0.70 nDCG@10; the best grid
 * point is 0.6825 on all claims and ~0.666 / ~0.690 held out on the two halves.
 *
 * <pre>
 * # everything (~10 min of embedding into target/bench-cache/minilm.bin the first time, then ~20 min)
 * ./mvnw -q -o -pl retrieval-service test-compile exec:exec \
 *     -Dbench.main=io.mnemos.retrieval.bench.MultiGranularityBenchmark -Dembedder=minilm \
 *     -Dbench.jvm="-Xmx2g -XX:+UseParallelGC"
 * # the best result only (base lists + 40-word index + six-list grid with held-out halves)
 * ./mvnw -q -o -pl retrieval-service test-compile exec:exec \
 *     -Dbench.main=io.mnemos.retrieval.bench.MultiGranularityBenchmark -Dembedder=minilm \
 *     -Dbench.jvm="-Xmx2g -XX:+UseParallelGC" -Dbench.props="-Dsections=fine -DfineWords=40"
 * </pre>
 */
public final class MultiGranularityBenchmark {

    static final int DEPTH = 300;
    static final String[] NAMES = {"Bw", "Dw", "Bc", "Dc", "Dp"};

    private MultiGranularityBenchmark() {}

    public static void main(String[] args) {
        var dir = SciFact.locate();
        if (dir.isEmpty()) {
            System.out.println("SKIPPED multigranularity: ../shared/data/scifact not found");
            return;
        }
        FileEmbeddingCache e = BenchEmbedders.cachedFromProperty();
        SciFact sf = SciFact.load(dir.get());
        int stride = Integer.getInteger("stride", 1); // > 1: cited documents + every stride-th other (smoke tests)
        if (stride > 1) {
            sf = SciFactRegression.subset(
                    sf,
                    Map.<String, Object>of(
                            "subset",
                            Map.of(
                                    "claims",
                                    Integer.getInteger("claims", sf.claims().size()),
                                    "distractorStride",
                                    stride)));
        }
        List<RetrievalEval.Query> qs = QualityBenchmark.sciFactQueries(sf);
        int chunkWords = Integer.getInteger("chunkWords", ChunkingOptions.DEFAULT_MAX_WORDS);
        System.out.printf(
                "SciFact: %d docs, %d training claims, chunks %d words%n",
                sf.corpus().size(), qs.size(), chunkWords);
        ChunkingOptions wholeOpt = ChunkingOptions.defaults().withMaxWords(100_000);
        ChunkingOptions chunkOpt = ChunkingOptions.defaults().withMaxWords(chunkWords);
        RetrieverSettings rs = RetrieverSettings.defaults().withCandidateDepth(DEPTH);
        // -Dsections=grid,agg,prf,fine (default all); -DfineWords=40: a third index of ~1-2-sentence chunks ("fine")
        java.util.Set<String> sections = java.util.Set.of(
                System.getProperty("sections", "grid,tm,agg,sdm,prf,fine").split(","));
        int fineWords = Integer.getInteger("fineWords", 40);

        try (RetrievalEval whole = QualityBenchmark.buildSciFact(
                        sf, e, wholeOpt, QualityBenchmark.settings(QualityBenchmark.freshDir("mg-whole"), e));
                RetrievalEval chunked = QualityBenchmark.buildSciFact(
                        sf, e, chunkOpt, QualityBenchmark.settings(QualityBenchmark.freshDir("mg-chunks"), e))) {
            // vectors: queries one at a time (as a search request), documents from the cache (same texts as indexed)
            float[][] qv = new float[qs.size()][];
            for (int i = 0; i < qs.size(); i++) {
                qv[i] = e.embed(qs.get(i).text());
            }
            Map<String, float[]> wholeVec = new HashMap<>();
            Map<String, List<float[]>> chunkVecs = new HashMap<>();
            docVectors(sf.corpus(), e, wholeOpt, chunkVecs).forEach((k, v) -> wholeVec.put(k, v.getFirst()));
            chunkVecs.clear();
            docVectors(sf.corpus(), e, chunkOpt, chunkVecs);
            e.flush();
            Map<String, SourceDocument> byId = new HashMap<>();
            sf.corpus().forEach(d -> byId.put(d.documentId(), d));

            LuceneRetriever rw = whole.retriever(rs);
            LuceneRetriever rc = chunked.retriever(rs);
            long t = System.nanoTime();
            List<D> bw = TuneBenchmark.group(search(rw, qs, null, SearchMode.BM25), 0);
            List<D> dw = TuneBenchmark.group(search(rw, qs, qv, SearchMode.DENSE), 0);
            List<List<C>> bcChunks = search(rc, qs, null, SearchMode.BM25);
            List<List<C>> dcChunks = search(rc, qs, qv, SearchMode.DENSE);
            List<D> bc = TuneBenchmark.group(bcChunks, 0);
            List<D> dc = TuneBenchmark.group(dcChunks, 0);
            List<D> dp = pooled(qv, chunkVecs);
            System.out.printf(Locale.ROOT, "  base lists in %.1f s%n", (System.nanoTime() - t) / 1e9);

            section("single lists");
            row("Bw  BM25 whole abstracts", qs, bw);
            row("Dw  dense whole abstracts (256 tokens)", qs, dw);
            row("Bc  BM25 chunks + context (best chunk)", qs, bc);
            row("Dc  dense chunks (best chunk)", qs, dc);
            row("Dp  dense mean-pooled chunk vectors (exact)", qs, dp);

            section("two-list baselines (production RankFusion)");
            row("whole: convex 0.5 (Bw,Dw)", qs, TuneBenchmark.fuse(bw, dw, Fusion.convex(0.5)));
            row("chunks: convex 0.5 (Bc,Dc)", qs, TuneBenchmark.fuse(bc, dc, Fusion.convex(0.5)));
            row("whole: rrf 60 (Bw,Dw)", qs, TuneBenchmark.fuse(bw, dw, Fusion.rrf(60)));
            row("chunks: rrf 60 (Bc,Dc)", qs, TuneBenchmark.fuse(bc, dc, Fusion.rrf(60)));

            List<List<D>> base = List.of(bw, dw, bc, dc, dp);
            section("multi-granularity fusion (untuned)");
            row("convex equal (Bw,Dw,Bc,Dc)", qs, convex(List.of(bw, dw, bc, dc), new double[] {1, 1, 1, 1}));
            row("convex equal (Bw,Dw,Bc,Dc,Dp)", qs, convex(base, new double[] {1, 1, 1, 1, 1}));
            for (int k : new int[] {10, 60}) {
                row("rrf " + k + " (Bw,Dw,Bc,Dc)", qs, rrf(List.of(bw, dw, bc, dc), k));
                row("rrf " + k + " (Bw,Dw,Bc,Dc,Dp)", qs, rrf(base, k));
            }
            if (sections.contains("grid")) {
                section("multi-granularity fusion: convex weight grid (step 0.1) over Bw,Dw,Bc,Dc,Dp");
                grid(qs, base, NAMES);
            }

            if (sections.contains("tm")) {
                theoreticalMin = true;
                section("convex with theoretical-min normalisation (score / max) instead of min-max");
                for (double a : new double[] {0.3, 0.5, 0.7}) {
                    double[] w = {1 - a, a};
                    row(String.format(Locale.ROOT, "whole: tm convex %.1f (Bw,Dw)", a), qs, convex(List.of(bw, dw), w));
                    row(
                            String.format(Locale.ROOT, "chunks: tm convex %.1f (Bc,Dc)", a),
                            qs,
                            convex(List.of(bc, dc), w));
                }
                row("tm convex equal (Bw,Dw,Bc,Dc)", qs, convex(List.of(bw, dw, bc, dc), ones(4)));
                grid(qs, List.of(bw, dw, bc, dc), new String[] {"Bw", "Dw", "Bc", "Dc"});
                theoreticalMin = false;
            }

            if (sections.contains("fine") && fineWords > 0) {
                fine(sf, e, qs, qv, rs, fineWords, List.of(bw, dw, bc, dc));
            }

            if (sections.contains("agg")) {
                section("chunk-score aggregation (chunk index)");
                Map<String, Integer> nChunks = new HashMap<>();
                chunkVecs.forEach((k, v) -> nChunks.put(k, v.size()));
                for (double lambda : new double[] {0.1, 0.2, 0.3, 0.5}) {
                    row(
                            String.format(Locale.ROOT, "Bc max + %.1f mean(other retrieved, absent 0)", lambda),
                            qs,
                            aggregateRetrieved(bcChunks, nChunks, lambda));
                    row(
                            String.format(Locale.ROOT, "Dc max + %.1f mean(other chunks, exact)", lambda),
                            qs,
                            aggregateDense(dc, qv, chunkVecs, lambda));
                    List<D> bcA = aggregateRetrieved(bcChunks, nChunks, lambda);
                    List<D> dcA = aggregateDense(dc, qv, chunkVecs, lambda);
                    row(
                            String.format(Locale.ROOT, "  chunks convex 0.5 with both aggregated (%.1f)", lambda),
                            qs,
                            TuneBenchmark.fuse(bcA, dcA, Fusion.convex(0.5)));
                    row(
                            String.format(Locale.ROOT, "  convex equal (Bw,Dw,Bc',Dc') aggregated (%.1f)", lambda),
                            qs,
                            convex(List.of(bw, dw, bcA, dcA), new double[] {1, 1, 1, 1}));
                }
            }

            if (sections.contains("sdm")) {
                section(
                        "BM25 + term-pair proximity (SDM-like): + lambda * sum PhraseQuery(text, adjacent query terms, slop)");
                for (int slop : new int[] {0, 4, 16}) {
                    for (double lambda : new double[] {0.1, 0.3, 1.0}) {
                        String p = String.format(Locale.ROOT, "slop %d lambda %.1f ", slop, lambda);
                        List<D> bw2 = sdm(whole, qs, lambda, slop, false);
                        List<D> bc2 = sdm(chunked, qs, lambda, slop, true);
                        row(p + "Bw'", qs, bw2);
                        row(p + "Bc'", qs, bc2);
                        row(p + "whole convex 0.5 (Bw',Dw)", qs, TuneBenchmark.fuse(bw2, dw, Fusion.convex(0.5)));
                        row(p + "chunks convex 0.5 (Bc',Dc)", qs, TuneBenchmark.fuse(bc2, dc, Fusion.convex(0.5)));
                        row(p + "convex equal (Bw',Dw,Bc',Dc)", qs, convex(List.of(bw2, dw, bc2, dc), ones(4)));
                    }
                }
            }

            if (!sections.contains("prf")) {
                return;
            }
            // pseudo-relevance feedback; first stage = equal-weight 4-list convex fusion (or the 2-list whole one)
            List<D> first = convex(List.of(bw, dw, bc, dc), ones(4));
            List<D> firstWhole = TuneBenchmark.fuse(bw, dw, Fusion.convex(0.5));
            section("dense Rocchio PRF: q' = norm(q + beta * mean whole-abstract vectors of top-m of first stage)");
            List<D> dwPrf = null;
            List<D> dcPrf = null;
            for (int m : new int[] {3, 5}) {
                for (double beta : new double[] {0.3, 0.5, 1.0}) {
                    float[][] q2 = rocchio(qv, first, wholeVec, m, beta);
                    List<D> dw2 = TuneBenchmark.group(search(rw, qs, q2, SearchMode.DENSE), 0);
                    List<D> dc2 = TuneBenchmark.group(search(rc, qs, q2, SearchMode.DENSE), 0);
                    String p = String.format(Locale.ROOT, "m %d beta %.1f ", m, beta);
                    row(p + "Dw'", qs, dw2);
                    row(p + "Dc'", qs, dc2);
                    row(p + "whole convex 0.5 (Bw,Dw')", qs, TuneBenchmark.fuse(bw, dw2, Fusion.convex(0.5)));
                    row(p + "convex equal (Bw,Dw',Bc,Dc')", qs, convex(List.of(bw, dw2, bc, dc2), ones(4)));
                    row(
                            p + "convex equal (Bw,Dw,Bc,Dc,Dw',Dc')",
                            qs,
                            convex(List.of(bw, dw, bc, dc, dw2, dc2), ones(6)));
                    if (m == 3 && beta == 0.5) { // fixed a priori for the grids below
                        dwPrf = dw2;
                        dcPrf = dc2;
                    }
                    // whole-abstract index only: first stage = the shipped 2-list hybrid
                    List<D> dw3 = TuneBenchmark.group(
                            search(rw, qs, rocchio(qv, firstWhole, wholeVec, m, beta), SearchMode.DENSE), 0);
                    row(p + "[whole-only] Dw' (first stage Bw+Dw)", qs, dw3);
                    row(p + "[whole-only] convex 0.5 (Bw,Dw')", qs, TuneBenchmark.fuse(bw, dw3, Fusion.convex(0.5)));
                }
            }
            section("grid over Bw,Dw',Bc,Dc' (Rocchio m 3 beta 0.5)");
            grid(qs, List.of(bw, dwPrf, bc, dcPrf), new String[] {"Bw", "Dw'", "Bc", "Dc'"});
            section("grid over Bw,Dw,Bc,Dc,Dw',Dc' (Rocchio m 3 beta 0.5)");
            grid(qs, List.of(bw, dw, bc, dc, dwPrf, dcPrf), new String[] {"Bw", "Dw", "Bc", "Dc", "Dw'", "Dc'"});

            section(
                    "BM25 RM3-style PRF on whole abstracts: + gamma * sum_t p(t|R) text:t, top-n tf-idf terms of top-m");
            List<D> bwPrf = null;
            for (int m : new int[] {3, 5, 10}) {
                for (int n : new int[] {10, 20}) {
                    for (double gamma : new double[] {1, 2, 4}) {
                        List<D> bw2 = rm3(whole, qs, first, byId, m, n, gamma);
                        String p = String.format(Locale.ROOT, "m %d n %d gamma %.0f ", m, n, gamma);
                        row(p + "Bw'", qs, bw2);
                        row(p + "whole convex 0.5 (Bw',Dw)", qs, TuneBenchmark.fuse(bw2, dw, Fusion.convex(0.5)));
                        row(p + "convex equal (Bw',Dw,Bc,Dc)", qs, convex(List.of(bw2, dw, bc, dc), ones(4)));
                        row(
                                p + "convex equal (Bw',Dw',Bc,Dc') + Rocchio m3 b.5",
                                qs,
                                convex(List.of(bw2, dwPrf, bc, dcPrf), ones(4)));
                        if (m == 5 && n == 10 && gamma == 2) { // fixed a priori for the grid below
                            bwPrf = bw2;
                        }
                    }
                }
            }
            section("grid over Bw',Dw',Bc,Dc' (RM3 m 5 n 10 gamma 2, Rocchio m 3 beta 0.5)");
            grid(qs, List.of(bwPrf, dwPrf, bc, dcPrf), new String[] {"Bw'", "Dw'", "Bc", "Dc'"});
            section("grid over Bw,Dw,Bc,Dc,Bw',Dw',Dc' at step 0.1 is too large; 5-list Bw,Bw',Dw',Bc,Dc'");
            grid(qs, List.of(bw, bwPrf, dwPrf, bc, dcPrf), new String[] {"Bw", "Bw'", "Dw'", "Bc", "Dc'"});
        }
        e.flush();
    }

    /** Adds a third, finer index (-DfineWords words, 1-sentence overlap) and fuses its lists with the others. */
    static void fine(
            SciFact sf,
            FileEmbeddingCache e,
            List<RetrievalEval.Query> qs,
            float[][] qv,
            RetrieverSettings rs,
            int fineWords,
            List<List<D>> others) {
        ChunkingOptions fineOpt = ChunkingOptions.defaults().withMaxWords(fineWords);
        try (RetrievalEval fine = QualityBenchmark.buildSciFact(
                sf, e, fineOpt, QualityBenchmark.settings(QualityBenchmark.freshDir("mg-fine"), e))) {
            e.flush();
            LuceneRetriever rf = fine.retriever(rs);
            List<D> bs = TuneBenchmark.group(search(rf, qs, null, SearchMode.BM25), 0);
            List<D> ds = TuneBenchmark.group(search(rf, qs, qv, SearchMode.DENSE), 0);
            List<D> bw = others.get(0);
            List<D> dw = others.get(1);
            List<D> bc = others.get(2);
            List<D> dc = others.get(3);
            section("fine granularity: " + fineWords + "-word chunks (" + fine.chunks() + " chunks), Bs / Ds");
            row("Bs  BM25 fine chunks + context (best chunk)", qs, bs);
            row("Ds  dense fine chunks (best chunk)", qs, ds);
            row("fine: convex 0.5 (Bs,Ds)", qs, TuneBenchmark.fuse(bs, ds, Fusion.convex(0.5)));
            row("convex 0.5 (Bc,Ds)", qs, TuneBenchmark.fuse(bc, ds, Fusion.convex(0.5)));
            row("convex 0.5 (Bw,Ds)", qs, TuneBenchmark.fuse(bw, ds, Fusion.convex(0.5)));
            row("convex equal (Bw,Dw,Bc,Dc,Bs,Ds)", qs, convex(List.of(bw, dw, bc, dc, bs, ds), ones(6)));
            row("convex equal (Bw,Bc,Dc,Ds)", qs, convex(List.of(bw, bc, dc, ds), ones(4)));
            row("convex equal (Bw,Dw,Bc,Dc,Ds)", qs, convex(List.of(bw, dw, bc, dc, ds), ones(5)));
            row("rrf 60 (Bw,Dw,Bc,Dc,Bs,Ds)", qs, rrf(List.of(bw, dw, bc, dc, bs, ds), 60));
            section("grid over Bw,Dw,Bc,Dc,Bs,Ds");
            grid(qs, List.of(bw, dw, bc, dc, bs, ds), new String[] {"Bw", "Dw", "Bc", "Dc", "Bs", "Ds"});
        }
    }

    // ---------------------------------------------------------------- lists

    static List<List<C>> search(LuceneRetriever r, List<RetrievalEval.Query> qs, float[][] vectors, SearchMode mode) {
        List<List<C>> out = new ArrayList<>(qs.size());
        for (int i = 0; i < qs.size(); i++) {
            SearchRequest.Builder b = SearchRequest.builder(
                            RetrievalEval.TENANT, qs.get(i).text())
                    .collection(RetrievalEval.COLLECTION)
                    .k(DEPTH)
                    .mode(mode)
                    .groupByDocument(false);
            if (vectors != null) {
                b.queryVector(vectors[i]);
            }
            List<SearchHit> hits = r.search(b.build()).hits();
            List<C> l = new ArrayList<>(hits.size());
            for (SearchHit h : hits) {
                l.add(new C(h.documentId(), h.score()));
            }
            out.add(l);
        }
        return out;
    }

    /** Document id -> chunk vectors (as embedded at ingestion: same texts, served by the cache). */
    static Map<String, List<float[]>> docVectors(
            List<SourceDocument> docs, FileEmbeddingCache e, ChunkingOptions opt, Map<String, List<float[]>> out) {
        Chunker chunker = new Chunker(opt);
        for (int i = 0; i < docs.size(); i += 256) {
            List<SourceDocument> batch = docs.subList(i, Math.min(docs.size(), i + 256));
            List<String> texts = new ArrayList<>();
            List<String> owners = new ArrayList<>();
            for (SourceDocument d : batch) {
                for (Chunk c : chunker.chunk(d.documentId(), d.title(), d.text())) {
                    texts.add(c.embeddingText());
                    owners.add(d.documentId());
                }
            }
            List<float[]> vs = e.embedAll(texts);
            for (int j = 0; j < vs.size(); j++) {
                out.computeIfAbsent(owners.get(j), k -> new ArrayList<>()).add(vs.get(j));
            }
        }
        return out;
    }

    /** Exact dense search over mean-pooled (re-normalised) chunk vectors; scores (1 + dot) / 2 like Lucene. */
    static List<D> pooled(float[][] qv, Map<String, List<float[]>> chunkVecs) {
        List<String> ids = new ArrayList<>(chunkVecs.keySet());
        float[][] pv = new float[ids.size()][];
        for (int i = 0; i < ids.size(); i++) {
            List<float[]> vs = chunkVecs.get(ids.get(i));
            float[] m = new float[vs.getFirst().length];
            for (float[] v : vs) {
                for (int j = 0; j < m.length; j++) {
                    m[j] += v[j];
                }
            }
            pv[i] = normalise(m);
        }
        List<D> out = new ArrayList<>(qv.length);
        for (float[] q : qv) {
            double[] s = new double[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
                s[i] = (1 + dot(q, pv[i])) / 2;
            }
            out.add(top(ids, s, DEPTH));
        }
        return out;
    }

    static D top(List<String> ids, double[] s, int k) {
        Integer[] order = new Integer[ids.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> -s[i]));
        int n = Math.min(k, order.length);
        List<String> d = new ArrayList<>(n);
        double[] sc = new double[n];
        for (int i = 0; i < n; i++) {
            d.add(ids.get(order[i]));
            sc[i] = s[order[i]];
        }
        return new D(d, sc);
    }

    /** BM25: best chunk + λ · (sum of the document's other retrieved chunk scores) / (its chunks − 1). */
    static List<D> aggregateRetrieved(List<List<C>> perQuery, Map<String, Integer> nChunks, double lambda) {
        List<D> out = new ArrayList<>(perQuery.size());
        for (List<C> l : perQuery) {
            Map<String, double[]> agg = new LinkedHashMap<>(); // max, sum of others
            for (C c : l) {
                double[] a = agg.get(c.doc());
                if (a == null) {
                    agg.put(c.doc(), new double[] {c.score(), 0});
                } else {
                    a[1] += c.score();
                }
            }
            List<String> ids = new ArrayList<>(agg.keySet());
            double[] s = new double[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
                double[] a = agg.get(ids.get(i));
                int n = nChunks.getOrDefault(ids.get(i), 1);
                s[i] = a[0] + (n > 1 ? lambda * a[1] / (n - 1) : 0);
            }
            out.add(top(ids, s, Integer.MAX_VALUE));
        }
        return out;
    }

    /** Dense: for the documents of the best-chunk list, max + λ · mean of the other chunks' exact scores. */
    static List<D> aggregateDense(List<D> grouped, float[][] qv, Map<String, List<float[]>> chunkVecs, double lambda) {
        List<D> out = new ArrayList<>(grouped.size());
        for (int q = 0; q < grouped.size(); q++) {
            List<String> ids = grouped.get(q).docs();
            double[] s = new double[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
                List<float[]> vs = chunkVecs.get(ids.get(i));
                double max = Double.NEGATIVE_INFINITY;
                double sum = 0;
                for (float[] v : vs) {
                    double x = (1 + dot(qv[q], v)) / 2;
                    max = Math.max(max, x);
                    sum += x;
                }
                s[i] = max + (vs.size() > 1 ? lambda * (sum - max) / (vs.size() - 1) : 0);
            }
            out.add(top(ids, s, Integer.MAX_VALUE));
        }
        return out;
    }

    // ---------------------------------------------------------------- fusion

    static double[] ones(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1);
        return w;
    }

    /**
     * Normalisation of each list in {@link #convex} and {@link #grid}: min-max (default, as the retriever) or
     * "theoretical min" (score / max: BM25 and Lucene's dot-product score (1 + cos) / 2 are both bounded below by 0,
     * the TM2C2 normalisation of Bruch et al. 2023). Set per section.
     */
    static boolean theoreticalMin = false;

    static double scale(double s, double min, double max) {
        if (theoreticalMin) {
            return max > 0 ? s / max : 1;
        }
        return max > min ? (s - min) / (max - min) : 1;
    }

    /** Σ w_i · minmax_i(score); absent from a list = 0; ties: first appearance (list order). */
    static List<D> convex(List<List<D>> lists, double[] w) {
        int nq = lists.getFirst().size();
        List<D> out = new ArrayList<>(nq);
        for (int q = 0; q < nq; q++) {
            Map<String, Double> acc = new LinkedHashMap<>();
            for (int l = 0; l < lists.size(); l++) {
                D d = lists.get(l).get(q);
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (double s : d.scores()) {
                    min = Math.min(min, s);
                    max = Math.max(max, s);
                }
                for (int i = 0; i < d.docs().size(); i++) {
                    double x = scale(d.scores()[i], min, max);
                    acc.merge(d.docs().get(i), w[l] * x, Double::sum);
                }
            }
            out.add(fromMap(acc));
        }
        return out;
    }

    static List<D> rrf(List<List<D>> lists, int k) {
        int nq = lists.getFirst().size();
        List<D> out = new ArrayList<>(nq);
        for (int q = 0; q < nq; q++) {
            Map<String, Double> acc = new LinkedHashMap<>();
            for (List<D> list : lists) {
                D d = list.get(q);
                for (int i = 0; i < d.docs().size(); i++) {
                    acc.merge(d.docs().get(i), 1.0 / (k + i + 1), Double::sum);
                }
            }
            out.add(fromMap(acc));
        }
        return out;
    }

    static D fromMap(Map<String, Double> acc) {
        List<String> ids = new ArrayList<>(acc.keySet());
        double[] s = new double[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            s[i] = acc.get(ids.get(i));
        }
        return top(ids, s, Integer.MAX_VALUE); // Arrays.sort on objects is stable: ties keep first appearance
    }

    /** All weight vectors on the 0.1 simplex; best on half A reported on B and vice versa, plus the top rows. */
    static void grid(List<RetrievalEval.Query> qs, List<List<D>> lists, String[] names) {
        List<double[]> weights = new ArrayList<>();
        simplex(new int[lists.size()], 0, 10, weights);
        List<GridQuery> pre = new ArrayList<>(qs.size());
        for (int q = 0; q < qs.size(); q++) {
            pre.add(GridQuery.of(lists, q, qs.get(q).relevant()));
        }
        List<Object[]> rows = new ArrayList<>();
        for (double[] w : weights) {
            rows.add(new Object[] {label(w, names), evalFast(pre, w)});
        }
        // sanity: the fast evaluation equals the list-based one for equal weights
        double[] eq = ones(lists.size());
        System.out.printf(
                Locale.ROOT,
                "  %d weight vectors (check equal weights: fast %.4f, lists %.4f)%n",
                rows.size(),
                evalFast(pre, eq)[0],
                TuneBenchmark.eval(qs, convex(lists, eq))[0]);
        for (int half = 0; half < 2; half++) {
            int pick = 1 + half;
            int other = 2 - half;
            Object[] best = rows.stream()
                    .max(Comparator.comparingDouble(r -> ((double[]) r[1])[pick]))
                    .orElseThrow();
            System.out.printf(
                    Locale.ROOT,
                    "  held-out: best on half %s = [%s] %.4f there, %.4f on half %s (all %.4f)%n",
                    half == 0 ? "A" : "B",
                    best[0],
                    ((double[]) best[1])[pick],
                    ((double[]) best[1])[other],
                    half == 0 ? "B" : "A",
                    ((double[]) best[1])[0]);
        }
        TuneBenchmark.printTop("convex grid", rows, 12);
    }

    /** One query's lists as a dense matrix of min-max normalised scores over the union of their documents. */
    record GridQuery(float[][] norm, int[] rel, int nRel) {
        static GridQuery of(List<List<D>> lists, int q, java.util.Set<String> relevant) {
            Map<String, Integer> index = new LinkedHashMap<>();
            for (List<D> l : lists) {
                for (String d : l.get(q).docs()) {
                    index.putIfAbsent(d, index.size());
                }
            }
            float[][] norm = new float[lists.size()][index.size()];
            for (int l = 0; l < lists.size(); l++) {
                D d = lists.get(l).get(q);
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (double x : d.scores()) {
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                }
                for (int i = 0; i < d.docs().size(); i++) {
                    norm[l][index.get(d.docs().get(i))] = (float) scale(d.scores()[i], min, max);
                }
            }
            int[] rel = relevant.stream()
                    .filter(index::containsKey)
                    .mapToInt(index::get)
                    .toArray();
            return new GridQuery(norm, rel, relevant.size());
        }
    }

    /** As {@link TuneBenchmark#eval} for {@link #convex}, from the ranks of the relevant documents only. */
    static double[] evalFast(List<GridQuery> pre, double[] w) {
        double[] out = new double[5];
        int[] count = new int[2];
        for (int q = 0; q < pre.size(); q++) {
            GridQuery g = pre.get(q);
            int u = g.norm()[0].length;
            double[] s = new double[u];
            for (int l = 0; l < w.length; l++) {
                if (w[l] == 0) {
                    continue;
                }
                float[] nl = g.norm()[l];
                for (int i = 0; i < u; i++) {
                    s[i] += w[l] * nl[i];
                }
            }
            double dcg = 0;
            int in10 = 0;
            int in100 = 0;
            for (int r : g.rel()) {
                int rank = 0;
                for (int i = 0; i < u; i++) {
                    if (s[i] > s[r] || (s[i] == s[r] && i < r)) {
                        rank++;
                    }
                }
                if (rank < 10) {
                    dcg += 1 / (Math.log(rank + 2) / Math.log(2));
                    in10++;
                }
                if (rank < 100) {
                    in100++;
                }
            }
            double idcg = 0;
            for (int i = 0; i < Math.min(10, g.nRel()); i++) {
                idcg += 1 / (Math.log(i + 2) / Math.log(2));
            }
            double n = dcg / idcg;
            out[0] += n;
            out[1 + (q % 2)] += n;
            count[q % 2]++;
            out[3] += (double) in10 / g.nRel();
            out[4] += (double) in100 / g.nRel();
        }
        out[0] /= pre.size();
        out[1] /= count[0];
        out[2] /= count[1];
        out[3] /= pre.size();
        out[4] /= pre.size();
        return out;
    }

    private static void simplex(int[] w, int i, int left, List<double[]> out) {
        if (i == w.length - 1) {
            w[i] = left;
            double[] d = new double[w.length];
            for (int j = 0; j < w.length; j++) {
                d[j] = w[j] / 10.0;
            }
            out.add(d);
            return;
        }
        for (int x = 0; x <= left; x++) {
            w[i] = x;
            simplex(w, i + 1, left - x, out);
        }
    }

    private static String label(double[] w, String[] names) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            sb.append(i == 0 ? "" : " ").append(names[i]).append(String.format(Locale.ROOT, " %.1f", w[i]));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- feedback

    static float[][] rocchio(float[][] qv, List<D> first, Map<String, float[]> docVec, int m, double beta) {
        float[][] out = new float[qv.length][];
        for (int q = 0; q < qv.length; q++) {
            float[] v = qv[q].clone();
            List<String> top = first.get(q).docs();
            int n = Math.min(m, top.size());
            for (int i = 0; i < n; i++) {
                float[] d = docVec.get(top.get(i));
                for (int j = 0; j < v.length; j++) {
                    v[j] += (float) (beta * d[j] / n);
                }
            }
            out[q] = normalise(v);
        }
        return out;
    }

    /**
     * BM25 with expansion: the retriever's DisMax(title, text) query plus γ · Σ_t p(t) · text:t over the top-n terms of
     * the top-m first-stage documents, scored by mean relative term frequency × idf; p normalised to sum 1.
     */
    static List<D> rm3(
            RetrievalEval eval,
            List<RetrievalEval.Query> qs,
            List<D> first,
            Map<String, SourceDocument> byId,
            int m,
            int n,
            double gamma) {
        return eval.registry()
                .read(
                        RetrievalEval.TENANT,
                        idx -> idx.withSearcher(searcher -> {
                            Analyzer analyzer = idx.analyzer();
                            IndexReader reader = searcher.getIndexReader();
                            int numDocs = reader.numDocs();
                            QueryBuilder qb = new QueryBuilder(analyzer);
                            List<D> out = new ArrayList<>(qs.size());
                            for (int q = 0; q < qs.size(); q++) {
                                String text = qs.get(q).text();
                                Map<String, Double> weight = new HashMap<>();
                                List<String> top = first.get(q).docs();
                                int k = Math.min(m, top.size());
                                for (int i = 0; i < k; i++) {
                                    SourceDocument d = byId.get(top.get(i));
                                    List<String> toks = tokens(analyzer, d.title() + "\n" + d.text());
                                    Map<String, Integer> tf = new HashMap<>();
                                    toks.forEach(tk -> tf.merge(tk, 1, Integer::sum));
                                    for (var en : tf.entrySet()) {
                                        weight.merge(
                                                en.getKey(), en.getValue() / (double) toks.size() / k, Double::sum);
                                    }
                                }
                                List<Map.Entry<String, Double>> terms = new ArrayList<>();
                                for (var en : weight.entrySet()) {
                                    int df = reader.docFreq(new Term(IndexFields.TEXT, en.getKey()));
                                    if (df == 0 || en.getKey().length() < 2) {
                                        continue;
                                    }
                                    terms.add(Map.entry(en.getKey(), en.getValue() * Math.log((double) numDocs / df)));
                                }
                                terms.sort(Comparator.comparingDouble(en -> -en.getValue()));
                                terms = terms.subList(0, Math.min(n, terms.size()));
                                double z = terms.stream()
                                        .mapToDouble(Map.Entry::getValue)
                                        .sum();
                                BooleanQuery.Builder exp = new BooleanQuery.Builder();
                                for (var en : terms) {
                                    exp.add(
                                            new BoostQuery(
                                                    new TermQuery(new Term(IndexFields.TEXT, en.getKey())),
                                                    (float) (en.getValue() / z)),
                                            BooleanClause.Occur.SHOULD);
                                }
                                List<Query> disjuncts = new ArrayList<>();
                                Query tq = qb.createBooleanQuery(IndexFields.TITLE, text, BooleanClause.Occur.SHOULD);
                                Query xq = qb.createBooleanQuery(IndexFields.TEXT, text, BooleanClause.Occur.SHOULD);
                                if (tq != null) {
                                    disjuncts.add(tq);
                                }
                                if (xq != null) {
                                    disjuncts.add(xq);
                                }
                                BooleanQuery.Builder all = new BooleanQuery.Builder();
                                if (!disjuncts.isEmpty()) {
                                    all.add(new DisjunctionMaxQuery(disjuncts, 0.5f), BooleanClause.Occur.SHOULD);
                                }
                                if (z > 0) {
                                    all.add(new BoostQuery(exp.build(), (float) gamma), BooleanClause.Occur.SHOULD);
                                }
                                ScoreDoc[] sd = searcher.search(all.build(), DEPTH).scoreDocs;
                                var stored = searcher.storedFields();
                                List<C> l = new ArrayList<>(sd.length);
                                for (ScoreDoc s : sd) {
                                    l.add(new C(stored.document(s.doc).get(IndexFields.DOCUMENT_ID), s.score));
                                }
                                out.add(TuneBenchmark.group(List.of(l), 0).getFirst());
                            }
                            return out;
                        }))
                .orElseThrow();
    }

    /**
     * The retriever's BM25 query (DisMax of title, text and, with {@code context}, the context field; tie 0.5) plus
     * λ · Σ PhraseQuery(text: adjacent analysed query terms at their relative positions, slop).
     */
    static List<D> sdm(RetrievalEval eval, List<RetrievalEval.Query> qs, double lambda, int slop, boolean context) {
        return eval.registry()
                .read(
                        RetrievalEval.TENANT,
                        idx -> idx.withSearcher(searcher -> {
                            Analyzer analyzer = idx.analyzer();
                            QueryBuilder qb = new QueryBuilder(analyzer);
                            var stored = searcher.storedFields();
                            List<D> out = new ArrayList<>(qs.size());
                            for (RetrievalEval.Query query : qs) {
                                String text = query.text();
                                List<Query> disjuncts = new ArrayList<>();
                                for (String f : context
                                        ? new String[] {IndexFields.TITLE, IndexFields.TEXT, IndexFields.CONTEXT}
                                        : new String[] {IndexFields.TITLE, IndexFields.TEXT}) {
                                    Query fq = qb.createBooleanQuery(f, text, BooleanClause.Occur.SHOULD);
                                    if (fq != null) {
                                        disjuncts.add(fq);
                                    }
                                }
                                BooleanQuery.Builder all = new BooleanQuery.Builder();
                                if (!disjuncts.isEmpty()) {
                                    all.add(new DisjunctionMaxQuery(disjuncts, 0.5f), BooleanClause.Occur.SHOULD);
                                }
                                List<String> terms = new ArrayList<>();
                                List<Integer> positions = new ArrayList<>();
                                try (TokenStream ts = analyzer.tokenStream(IndexFields.TEXT, text)) {
                                    CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                                    var inc = ts.addAttribute(
                                            org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute
                                                    .class);
                                    ts.reset();
                                    int pos = -1;
                                    while (ts.incrementToken()) {
                                        pos += inc.getPositionIncrement();
                                        terms.add(term.toString());
                                        positions.add(pos);
                                    }
                                    ts.end();
                                }
                                BooleanQuery.Builder pairs = new BooleanQuery.Builder();
                                int nPairs = 0;
                                for (int i = 0; i + 1 < terms.size(); i++) {
                                    if (positions.get(i + 1).equals(positions.get(i))) {
                                        continue;
                                    }
                                    var pb = new org.apache.lucene.search.PhraseQuery.Builder();
                                    pb.add(new Term(IndexFields.TEXT, terms.get(i)), 0);
                                    pb.add(
                                            new Term(IndexFields.TEXT, terms.get(i + 1)),
                                            positions.get(i + 1) - positions.get(i));
                                    pb.setSlop(slop);
                                    pairs.add(pb.build(), BooleanClause.Occur.SHOULD);
                                    nPairs++;
                                }
                                if (nPairs > 0) {
                                    all.add(new BoostQuery(pairs.build(), (float) lambda), BooleanClause.Occur.SHOULD);
                                }
                                ScoreDoc[] sd = searcher.search(all.build(), DEPTH).scoreDocs;
                                List<C> l = new ArrayList<>(sd.length);
                                for (ScoreDoc x : sd) {
                                    l.add(new C(stored.document(x.doc).get(IndexFields.DOCUMENT_ID), x.score));
                                }
                                out.add(TuneBenchmark.group(List.of(l), 0).getFirst());
                            }
                            return out;
                        }))
                .orElseThrow();
    }

    static List<String> tokens(Analyzer analyzer, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(IndexFields.TEXT, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out;
    }

    // ---------------------------------------------------------------- utilities

    static float[] normalise(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / n);
        }
        return v;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static void section(String title) {
        System.out.printf("%n  --- %s%n", title);
    }

    static void row(String label, List<RetrievalEval.Query> qs, List<D> ranked) {
        System.out.printf(Locale.ROOT, "    %-58s %s%n", label, TuneBenchmark.fmt(TuneBenchmark.eval(qs, ranked)));
    }
}
