package io.mnemos.retrieval.search;

import io.mnemos.model.Embedder;
import io.mnemos.retrieval.index.IndexFields;
import io.mnemos.retrieval.index.IndexRegistry;
import io.mnemos.retrieval.index.TenantIndex;
import io.mnemos.search.Fusion;
import io.mnemos.search.RankFusion;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RescoreTopNQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.util.QueryBuilder;

/**
 * {@link Retriever} over the per-tenant Lucene indexes of {@link IndexRegistry}.
 *
 * <p>BM25: the query text is analysed like the index and matched (OR of terms) against title, text and the chunk's
 * context (its text plus neighbouring chunks, see {@link RetrieverSettings#contextWeight()}), combined with a
 * DisjunctionMax (tie-breaker {@link RetrieverSettings#tieBreaker()}). Dense: the query is embedded with the same
 * {@link Embedder} as the chunks and searched with {@link KnnFloatVectorQuery}, the tenant/collection/metadata filter
 * applied as a pre-filter. Hybrid: both lists ({@link RetrieverSettings#candidateDepth()} each) are fused by the
 * shared {@link RankFusion} ((weighted) RRF or a convex combination of min-max or z-score normalised scores). All lists
 * come from one point-in-time searcher. Thread-safe.
 */
public final class LuceneRetriever implements Retriever {

    private final IndexRegistry registry;
    private final Embedder embedder;
    private final RetrieverSettings settings;

    public LuceneRetriever(IndexRegistry registry, Embedder embedder, RetrieverSettings settings) {
        this.registry = Objects.requireNonNull(registry);
        this.embedder = Objects.requireNonNull(embedder);
        this.settings = Objects.requireNonNull(settings);
    }

    public RetrieverSettings settings() {
        return settings;
    }

    @Override
    public SearchResponse search(SearchRequest request) {
        long start = System.nanoTime();
        if (!registry.exists(request.tenant())) {
            return SearchResponse.empty(micros(start));
        }
        float[] queryVector = request.mode() == SearchMode.BM25
                ? null
                : request.queryVector() != null ? request.queryVector() : embedder.embed(request.query());
        List<SearchHit> hits = registry.read(
                        request.tenant(), idx -> idx.withSearcher(s -> run(idx, s, request, queryVector)))
                .orElse(List.of());
        return new SearchResponse(hits, micros(start));
    }

    private static long micros(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000;
    }

    /** One candidate from one mode. */
    private record Cand(int doc, float score, String key) {}

    /** A fused entry and the chunk (Lucene doc) that represents it: the one from the list where it ranked better. */
    private record Ranked(int doc, RankFusion.Fused<Object> fused) {}

    private List<SearchHit> run(TenantIndex idx, IndexSearcher searcher, SearchRequest req, float[] queryVector)
            throws IOException {
        Analyzer analyzer = idx.analyzer();
        // A filter that every document matches (the tenant term always; the collection term when the tenant has one
        // collection) is dropped: it cannot change results, and the kNN pre-filter would otherwise build a bitset over
        // the whole index on every query. docFreq == maxDoc proves every document (deleted ones included) matches.
        Query filter = matchesAll(searcher, req) ? null : filter(req);
        int depth = Math.max(settings.candidateDepth(), req.k());
        QueryBuilder qb = new QueryBuilder(analyzer);
        Query titleQuery = qb.createBooleanQuery(IndexFields.TITLE, req.query(), BooleanClause.Occur.SHOULD);
        Query textQuery = qb.createBooleanQuery(IndexFields.TEXT, req.query(), BooleanClause.Occur.SHOULD);

        List<Cand> bm25 = List.of();
        if (req.mode() != SearchMode.DENSE && (titleQuery != null || textQuery != null)) {
            List<Query> disjuncts = new ArrayList<>(3);
            if (titleQuery != null && settings.titleWeight() > 0) {
                disjuncts.add(boosted(titleQuery, settings.titleWeight()));
            }
            if (textQuery != null) {
                disjuncts.add(textQuery);
            }
            if (settings.contextWeight() > 0) {
                Query contextQuery =
                        qb.createBooleanQuery(IndexFields.CONTEXT, req.query(), BooleanClause.Occur.SHOULD);
                if (contextQuery != null) {
                    disjuncts.add(boosted(contextQuery, settings.contextWeight()));
                }
            }
            BooleanQuery.Builder lexical = new BooleanQuery.Builder()
                    .add(new DisjunctionMaxQuery(disjuncts, settings.tieBreaker()), BooleanClause.Occur.MUST);
            if (filter != null) {
                lexical.add(filter, BooleanClause.Occur.FILTER);
            }
            bm25 = candidates(searcher, searcher.search(lexical.build(), depth), req.groupByDocument());
        }
        List<Cand> dense = List.of();
        if (req.mode() != SearchMode.BM25) {
            int kk = depth * settings.rescoreOversample();
            Query knn = new KnnFloatVectorQuery(IndexFields.VECTOR, queryVector, kk, filter);
            if (settings.rescoreOversample() > 1) {
                knn = RescoreTopNQuery.createFullPrecisionRescorerQuery(knn, queryVector, IndexFields.VECTOR, depth);
            }
            dense = candidates(searcher, searcher.search(knn, depth), req.groupByDocument());
        }

        Fusion fusion = req.fusion() == null ? settings.defaultFusion() : req.fusion();
        List<Ranked> fused = fuse(req.mode(), bm25, dense, fusion, req.groupByDocument());
        List<Ranked> top = fused.subList(0, Math.min(req.k(), fused.size()));

        List<String>[] highlights = null;
        if (req.highlight() && textQuery != null && !top.isEmpty()) {
            highlights = highlight(searcher, analyzer, textQuery, top);
        }
        String fusionName = req.mode() == SearchMode.HYBRID ? fusion.describe() : null;
        StoredFields stored = searcher.storedFields();
        List<SearchHit> hits = new ArrayList<>(top.size());
        for (int i = 0; i < top.size(); i++) {
            RankFusion.Fused<Object> f = top.get(i).fused();
            Document d = stored.document(top.get(i).doc());
            Map<String, String> meta = new LinkedHashMap<>();
            for (IndexableField field : d.getFields()) {
                if (field.name().startsWith(IndexFields.META_PREFIX)) {
                    meta.put(field.name().substring(IndexFields.META_PREFIX.length()), field.stringValue());
                }
            }
            HitExplanation explanation = req.explain()
                    ? new HitExplanation(
                            f.lexicalRank() == 0 ? null : f.lexicalRank(),
                            f.lexicalRank() == 0 ? null : (float) f.lexicalScore(),
                            f.denseRank() == 0 ? null : f.denseRank(),
                            f.denseRank() == 0 ? null : (float) f.denseScore(),
                            fusionName)
                    : null;
            hits.add(new SearchHit(
                    d.get(IndexFields.COLLECTION),
                    d.get(IndexFields.DOCUMENT_ID),
                    d.get(IndexFields.CHUNK_ID),
                    d.get(IndexFields.TITLE),
                    d.get(IndexFields.TEXT),
                    f.score(),
                    meta,
                    highlights == null ? List.of() : highlights[i],
                    explanation));
        }
        return hits;
    }

    private static Query boosted(Query q, float weight) {
        return weight == 1f ? q : new BoostQuery(q, weight);
    }

    private static boolean matchesAll(IndexSearcher searcher, SearchRequest req) throws IOException {
        if (!req.filters().isEmpty()) {
            return false;
        }
        var reader = searcher.getIndexReader();
        int maxDoc = reader.maxDoc();
        if (reader.docFreq(new Term(IndexFields.TENANT, req.tenant())) != maxDoc) {
            return false;
        }
        return req.collection() == null || reader.docFreq(new Term(IndexFields.COLLECTION, req.collection())) == maxDoc;
    }

    private static Query filter(SearchRequest req) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new TermQuery(new Term(IndexFields.TENANT, req.tenant())), BooleanClause.Occur.FILTER);
        if (req.collection() != null) {
            b.add(new TermQuery(new Term(IndexFields.COLLECTION, req.collection())), BooleanClause.Occur.FILTER);
        }
        for (Map.Entry<String, String> e : req.filters().entrySet()) {
            String field =
                    e.getKey().equals("documentId") ? IndexFields.DOCUMENT_ID : IndexFields.META_PREFIX + e.getKey();
            b.add(new TermQuery(new Term(field, e.getValue())), BooleanClause.Occur.FILTER);
        }
        return b.build();
    }

    /** Ranked candidates; with grouping, only the first (best) chunk of each document is kept. */
    private static List<Cand> candidates(IndexSearcher searcher, TopDocs td, boolean group) throws IOException {
        ScoreDoc[] sd = td.scoreDocs;
        String[] keys = group ? docKeys(searcher, sd) : null;
        List<Cand> out = new ArrayList<>(sd.length);
        java.util.Set<String> seen = group ? new java.util.HashSet<>() : null;
        for (int i = 0; i < sd.length; i++) {
            if (group) {
                if (keys[i] == null || !seen.add(keys[i])) {
                    continue;
                }
                out.add(new Cand(sd[i].doc, sd[i].score, keys[i]));
            } else {
                out.add(new Cand(sd[i].doc, sd[i].score, null));
            }
        }
        return out;
    }

    /** Document keys (collection + document id) from doc values, visiting docs in index order. */
    private static String[] docKeys(IndexSearcher searcher, ScoreDoc[] sd) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        Integer[] order = new Integer[sd.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> sd[i].doc));
        String[] keys = new String[sd.length];
        int leafIndex = -1;
        LeafReaderContext leaf = null;
        SortedDocValues dv = null;
        int lastDoc = -1;
        String lastKey = null;
        for (int i : order) {
            int doc = sd[i].doc;
            if (doc == lastDoc) {
                keys[i] = lastKey;
                continue;
            }
            int li = ReaderUtil.subIndex(doc, leaves);
            if (li != leafIndex) {
                leafIndex = li;
                leaf = leaves.get(li);
                dv = leaf.reader().getSortedDocValues(IndexFields.DOC_KEY);
            }
            String key = null;
            if (dv != null && dv.advanceExact(doc - leaf.docBase)) {
                key = dv.lookupOrd(dv.ordValue()).utf8ToString();
            }
            keys[i] = key;
            lastDoc = doc;
            lastKey = key;
        }
        return keys;
    }

    /** Fuses (or, for a single mode, passes through) the candidate lists with the shared {@link RankFusion}. */
    private static List<Ranked> fuse(SearchMode mode, List<Cand> bm25, List<Cand> dense, Fusion fusion, boolean group) {
        List<RankFusion.Candidate<Object>> lexical = keyed(bm25, group);
        List<RankFusion.Candidate<Object>> vector = keyed(dense, group);
        List<RankFusion.Fused<Object>> fused =
                switch (mode) {
                    case BM25 -> RankFusion.lexicalOnly(lexical);
                    case DENSE -> RankFusion.denseOnly(vector);
                    case HYBRID -> RankFusion.fuse(lexical, vector, fusion);
                };
        List<Ranked> out = new ArrayList<>(fused.size());
        for (RankFusion.Fused<Object> f : fused) {
            boolean fromLexical = f.lexicalRank() != 0 && (f.denseRank() == 0 || f.lexicalRank() < f.denseRank());
            int doc = fromLexical ? bm25.get(f.lexicalRank() - 1).doc : dense.get(f.denseRank() - 1).doc;
            out.add(new Ranked(doc, f));
        }
        return out;
    }

    /** Candidates keyed by document key (grouped: one per document already) or by Lucene doc (per chunk). */
    private static List<RankFusion.Candidate<Object>> keyed(List<Cand> list, boolean group) {
        List<RankFusion.Candidate<Object>> out = new ArrayList<>(list.size());
        for (Cand c : list) {
            out.add(new RankFusion.Candidate<>(group ? c.key : Integer.valueOf(c.doc), c.score));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<String>[] highlight(IndexSearcher searcher, Analyzer analyzer, Query textQuery, List<Ranked> top)
            throws IOException {
        ObjectHighlighter uh = new ObjectHighlighter(UnifiedHighlighter.builder(searcher, analyzer)
                .withFormatter(ListPassageFormatter.INSTANCE)
                .withMaxNoHighlightPassages(0));
        int[] docs = top.stream().mapToInt(Ranked::doc).toArray();
        // highlightFieldsAsObjects wants ascending doc ids; map back afterwards
        int[] sorted = docs.clone();
        Arrays.sort(sorted);
        int[] uniq = Arrays.stream(sorted).distinct().toArray();
        Map<String, Object[]> res = uh.highlightFieldsAsObjects(
                new String[] {IndexFields.TEXT}, textQuery, uniq, new int[] {settings.maxHighlightPassages()});
        Object[] perDoc = res.get(IndexFields.TEXT);
        List<String>[] out = new List[docs.length];
        for (int i = 0; i < docs.length; i++) {
            int pos = Arrays.binarySearch(uniq, docs[i]);
            Object o = perDoc == null || pos < 0 ? null : perDoc[pos];
            out[i] = o == null ? List.of() : (List<String>) o;
        }
        return out;
    }

    /** Exposes the highlighter's object results (our formatter returns lists). */
    private static final class ObjectHighlighter extends UnifiedHighlighter {
        ObjectHighlighter(UnifiedHighlighter.Builder builder) {
            super(builder);
        }

        @Override
        public Map<String, Object[]> highlightFieldsAsObjects(
                String[] fields, Query query, int[] docIds, int[] maxPassages) throws IOException {
            return super.highlightFieldsAsObjects(fields, query, docIds, maxPassages);
        }
    }

    /** Formats passages as a list of strings, matches in {@code <b>…</b>}, other text HTML-escaped. */
    static final class ListPassageFormatter extends PassageFormatter {
        static final ListPassageFormatter INSTANCE = new ListPassageFormatter();

        @Override
        public Object format(Passage[] passages, String content) {
            List<String> out = new ArrayList<>(passages.length);
            for (Passage p : passages) {
                StringBuilder sb = new StringBuilder();
                int pos = p.getStartOffset();
                for (int i = 0; i < p.getNumMatches(); i++) {
                    int start = p.getMatchStarts()[i];
                    int end = p.getMatchEnds()[i];
                    if (start < pos) {
                        continue; // overlapping match
                    }
                    escape(sb, content, pos, start);
                    sb.append("<b>");
                    escape(sb, content, start, end);
                    sb.append("</b>");
                    pos = end;
                }
                escape(sb, content, pos, Math.max(pos, p.getEndOffset()));
                out.add(sb.toString().strip());
            }
            return List.copyOf(out);
        }

        private static void escape(StringBuilder sb, String s, int from, int to) {
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '<' -> sb.append("&lt;");
                    case '>' -> sb.append("&gt;");
                    case '&' -> sb.append("&amp;");
                    case '"' -> sb.append("&quot;");
                    default -> sb.append(c);
                }
            }
        }
    }
}
