package io.mnemos.retrieval.bench;

import io.mnemos.model.Embedder;
import io.mnemos.retrieval.index.IndexRegistry;
import io.mnemos.retrieval.index.IndexSettings;
import io.mnemos.retrieval.ingest.Chunker;
import io.mnemos.retrieval.ingest.ChunkingOptions;
import io.mnemos.retrieval.ingest.IngestResult;
import io.mnemos.retrieval.ingest.Ingestor;
import io.mnemos.retrieval.ingest.SourceDocument;
import io.mnemos.retrieval.search.LuceneRetriever;
import io.mnemos.retrieval.search.RetrieverSettings;
import io.mnemos.retrieval.search.SearchHit;
import io.mnemos.retrieval.search.SearchMode;
import io.mnemos.retrieval.search.SearchRequest;
import io.mnemos.search.Fusion;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Builds an index of a corpus through the real ingestion path and runs document-level rankings against it. Shared by
 * {@link QualityBenchmark} and {@code RetrievalRegressionIT}.
 */
public final class RetrievalEval implements AutoCloseable {

    public static final String TENANT = "bench";
    public static final String COLLECTION = "eval";

    /** A query with its relevant document ids. */
    public record Query(String id, String text, Set<String> relevant) {}

    /** Mean metrics of one run. */
    public record Scores(double ndcg10, double recall5, double recall10, double recall100, double millisPerQuery) {
        @Override
        public String toString() {
            return String.format(
                    "nDCG@10 %.4f  R@5 %.4f  R@10 %.4f  R@100 %.4f  (%.1f ms/q)",
                    ndcg10, recall5, recall10, recall100, millisPerQuery);
        }
    }

    private IndexRegistry registry;
    private IndexSettings settings;
    private final Embedder embedder;
    private final int chunks;
    private final IngestResult ingest;

    private RetrievalEval(
            IndexRegistry registry, IndexSettings settings, Embedder embedder, int chunks, IngestResult r) {
        this.registry = registry;
        this.settings = settings;
        this.embedder = embedder;
        this.chunks = chunks;
        this.ingest = r;
    }

    /** Ingests {@code docs} (batches of 256 documents, one commit at the end) into a fresh index under settings. */
    public static RetrievalEval build(
            List<SourceDocument> docs, Embedder embedder, ChunkingOptions chunking, IndexSettings settings) {
        return build(docs, embedder, chunking, settings, Ingestor.DEFAULT_CONTEXT_CHUNKS);
    }

    /** As {@link #build(List, Embedder, ChunkingOptions, IndexSettings)} with a BM25 context window. */
    public static RetrievalEval build(
            List<SourceDocument> docs,
            Embedder embedder,
            ChunkingOptions chunking,
            IndexSettings settings,
            int contextChunks) {
        IndexSettings bulk = settings.forBulkLoad(256);
        IndexRegistry registry = new IndexRegistry(bulk);
        Ingestor ingestor = new Ingestor(registry, embedder, new Chunker(chunking), contextChunks);
        int chunks = 0;
        long embed = 0;
        long index = 0;
        for (int i = 0; i < docs.size(); i += 256) {
            IngestResult r = ingestor.ingest(TENANT, COLLECTION, docs.subList(i, Math.min(docs.size(), i + 256)));
            chunks += r.chunks();
            embed += r.embedMillis();
            index += r.indexMillis();
            if (embedder instanceof FileEmbeddingCache cache) {
                cache.flush(); // keep what was embedded even if a long run is stopped
            }
            if (Boolean.getBoolean("bench.progress")) {
                System.out.printf(
                        "    ... %d/%d docs, %d chunks, embed %.0f s%n",
                        Math.min(docs.size(), i + 256), docs.size(), chunks, embed / 1e3);
            }
        }
        long t = System.nanoTime();
        registry.write(TENANT, idx -> {
            idx.commit();
            idx.refresh();
            return null;
        });
        index += (System.nanoTime() - t) / 1_000_000;
        return new RetrievalEval(
                registry, settings, embedder, chunks, new IngestResult(docs.size(), chunks, embed, index));
    }

    public int chunks() {
        return chunks;
    }

    public IngestResult ingestResult() {
        return ingest;
    }

    public IndexRegistry registry() {
        return registry;
    }

    /** Reopens the same index with other index-level search settings (BM25 parameters, analyzer must not change). */
    public void reopen(IndexSettings newSettings) {
        registry.close();
        settings = newSettings.forBulkLoad(64);
        registry = new IndexRegistry(settings);
    }

    public LuceneRetriever retriever(RetrieverSettings rs) {
        return new LuceneRetriever(registry, embedder, rs);
    }

    /** Document ids ranked for each query (per-document grouping, best chunk). */
    public static List<List<String>> rank(
            LuceneRetriever retriever, List<Query> queries, SearchMode mode, Fusion fusion, int k) {
        List<List<String>> out = new ArrayList<>(queries.size());
        for (Query q : queries) {
            SearchRequest req = SearchRequest.builder(TENANT, q.text())
                    .collection(COLLECTION)
                    .k(k)
                    .mode(mode)
                    .fusion(fusion)
                    .groupByDocument(true)
                    .build();
            out.add(retriever.search(req).hits().stream()
                    .map(SearchHit::documentId)
                    .toList());
        }
        return out;
    }

    /** Runs and scores: nDCG@10, recall@5/10/100. */
    public static Scores score(LuceneRetriever retriever, List<Query> queries, SearchMode mode, Fusion fusion) {
        long t = System.nanoTime();
        List<List<String>> ranked = rank(retriever, queries, mode, fusion, 100);
        double ms = (System.nanoTime() - t) / 1e6 / queries.size();
        return score(ranked, queries, ms);
    }

    public static Scores score(List<List<String>> ranked, List<Query> queries, double ms) {
        double n10 = 0;
        double r5 = 0;
        double r10 = 0;
        double r100 = 0;
        for (int i = 0; i < queries.size(); i++) {
            Set<String> rel = queries.get(i).relevant();
            n10 += Metrics.ndcg(ranked.get(i), rel, 10);
            r5 += Metrics.recall(ranked.get(i), rel, 5);
            r10 += Metrics.recall(ranked.get(i), rel, 10);
            r100 += Metrics.recall(ranked.get(i), rel, 100);
        }
        int n = queries.size();
        return new Scores(n10 / n, r5 / n, r10 / n, r100 / n, ms);
    }

    /** Applies {@code f} to every query list element. */
    public static <A> List<Query> queries(List<A> items, BiFunction<Integer, A, Query> f) {
        List<Query> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(f.apply(i, items.get(i)));
        }
        return out;
    }

    @Override
    public void close() {
        registry.close();
    }
}
