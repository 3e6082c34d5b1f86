package io.mnemos.memory.conversation;

import io.mnemos.search.Fusion;
import io.mnemos.search.QuantizedHnswCodec;
import io.mnemos.search.RankFusion;
import io.mnemos.search.RankFusion.Candidate;
import io.mnemos.search.RankFusion.Fused;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The derived search index of conversation turns: one Lucene index per tenant under {@code <dir>/<tenant>}, one
 * document per turn with BM25 fields (text, and a context field holding the turn with its neighbours), an int8 HNSW
 * vector, keyword fields for tenant, user, session and turn, and the timestamp as a point and doc value (time filters,
 * recency order).
 *
 * <p>PostgreSQL is the source of truth: this index can always be rebuilt from it ({@link ConversationIndexer}).
 * Every query filters on tenant <em>and</em> user (besides the per-tenant directory). Writes through {@link #index}
 * are visible to every search that starts after it returns (the NRT refresh happens in that search); turns of live
 * conversations ({@link #indexLive}) within {@link Settings#liveRefresh()}, by a background refresh, so a stream of
 * single-turn writes does not flush a tiny segment per turn (~9 ms of CPU per turn before, ~1 ms now:
 * docs/benchmarks/memory.md). Deletes refresh at once. Writes are fsync-committed by a background task every
 * {@code commitInterval} and on close, so a crash can lose index writes but never rows: the startup check finds the
 * difference and rebuilds. Thread-safe; tenant indexes stay open until {@link #close()}.
 */
public final class ConversationIndex implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(ConversationIndex.class);

    /** Turns written but not yet searched for after which a write refreshes by itself. */
    static final int MAX_PENDING = 1024;

    /** Bumped whenever fields or their analysis change: indexes written with another layout are rebuilt. */
    public static final String LAYOUT = "conversation-v2"; // v2: speakers in the context field

    static final String LAYOUT_KEY = "mnemos.layout";
    static final String TENANT = "tenant";
    static final String USER = "user";
    static final String TURN = "turn";
    static final String TURN_EXTERNAL = "turnExternal";
    static final String SESSION = "session";
    static final String SESSION_EXTERNAL = "sessionExternal";
    static final String SEQUENCE = "sequence";
    static final String SPEAKER = "speaker";
    static final String TEXT = "text";
    static final String CONTEXT = "context";
    static final String TIME = "ts";
    static final String VECTOR = "vector";

    private static final Pattern PLAIN_TENANT = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final FieldType CONTEXT_TYPE;

    static {
        CONTEXT_TYPE = new FieldType();
        CONTEXT_TYPE.setTokenized(true);
        CONTEXT_TYPE.setStored(false);
        CONTEXT_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        CONTEXT_TYPE.freeze();
    }

    /**
     * Index settings.
     *
     * @param dimension vector length (384 for MiniLM)
     * @param bm25K1 BM25 term saturation
     * @param bm25B BM25 length normalisation
     * @param contextWeight boost of the context field in the BM25 DisjunctionMax (0 = text only)
     * @param tieBreaker DisjunctionMax tie-breaker between text and context
     * @param candidateDepth candidates per list before fusion (at least k)
     * @param fusion hybrid fusion
     * @param commitInterval background commit period (zero: commit after every write)
     * @param liveRefresh how stale live turns ({@link #indexLive}) may be for searches: a background refresh makes
     *     them searchable within this time; zero makes them visible to the next search like any other write
     */
    public record Settings(
            int dimension,
            float bm25K1,
            float bm25B,
            float contextWeight,
            float tieBreaker,
            int candidateDepth,
            Fusion fusion,
            java.time.Duration commitInterval,
            java.time.Duration liveRefresh) {
        public Settings {
            Objects.requireNonNull(fusion, "fusion");
            Objects.requireNonNull(commitInterval, "commitInterval");
            Objects.requireNonNull(liveRefresh, "liveRefresh");
            if (dimension < 1 || candidateDepth < 1 || contextWeight < 0 || tieBreaker < 0 || tieBreaker > 1) {
                throw new IllegalArgumentException("invalid conversation index settings");
            }
        }

        public static Settings defaults() {
            // BM25 k1 0.9, b 0.4 (Lucene's 1.2 / 0.75 before): short turns, long context field; +0.008 hybrid
            // recall@10 on LoCoMo (docs/benchmarks/memory.md). Applied at search time: no index rebuild needed.
            return new Settings(
                    384,
                    0.9f,
                    0.4f,
                    1.0f,
                    0.3f,
                    100,
                    Fusion.convex(0.3),
                    java.time.Duration.ofSeconds(5),
                    java.time.Duration.ofSeconds(1));
        }

        public Settings withFusion(Fusion f) {
            return new Settings(
                    dimension,
                    bm25K1,
                    bm25B,
                    contextWeight,
                    tieBreaker,
                    candidateDepth,
                    f,
                    commitInterval,
                    liveRefresh);
        }

        public Settings withContextWeight(float w) {
            return new Settings(
                    dimension, bm25K1, bm25B, w, tieBreaker, candidateDepth, fusion, commitInterval, liveRefresh);
        }

        public Settings withTieBreaker(float tie) {
            return new Settings(
                    dimension, bm25K1, bm25B, contextWeight, tie, candidateDepth, fusion, commitInterval, liveRefresh);
        }

        public Settings withBm25(float k1, float b) {
            return new Settings(
                    dimension, k1, b, contextWeight, tieBreaker, candidateDepth, fusion, commitInterval, liveRefresh);
        }
    }

    private final Path root;
    private final Settings settings;
    private final BM25Similarity similarity;
    private final Map<String, TenantIndex> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService committer;
    private volatile boolean closed;

    public ConversationIndex(Path root, Settings settings) {
        this.root = Objects.requireNonNull(root, "root");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.similarity = new BM25Similarity(settings.bm25K1(), settings.bm25B());
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create conversation index folder " + root, e);
        }
        committer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "conversation-index-commit");
            t.setDaemon(true);
            return t;
        });
        long ms = settings.commitInterval().toMillis();
        if (ms > 0) {
            committer.scheduleWithFixedDelay(this::commitDirty, ms, ms, TimeUnit.MILLISECONDS);
        }
        long live = settings.liveRefresh().toMillis();
        if (live > 0) {
            committer.scheduleWithFixedDelay(this::refreshLive, live, live, TimeUnit.MILLISECONDS);
        }
    }

    public Settings settings() {
        return settings;
    }

    /** Adds or replaces (by turn id) the given turns of one tenant; searchable when this returns. */
    public void index(String tenant, List<TurnDocument> turns) {
        write(tenant, turns, false);
    }

    /**
     * Adds or replaces turns of a live conversation: searchable within {@link Settings#liveRefresh()} (a background
     * refresh), not necessarily by the very next search. A chat stores two turns per exchange; refreshing for each
     * flushed a tiny segment per turn, and the flushes and their merges were the largest CPU cost of a turn.
     */
    public void indexLive(String tenant, List<TurnDocument> turns) {
        write(tenant, turns, !settings.liveRefresh().isZero());
    }

    private void write(String tenant, List<TurnDocument> turns, boolean live) {
        if (turns.isEmpty()) {
            return;
        }
        List<Document> docs = new ArrayList<>(turns.size());
        for (TurnDocument t : turns) {
            docs.add(toLucene(tenant, t));
        }
        TenantIndex idx = tenant(tenant, true);
        try {
            for (int i = 0; i < docs.size(); i++) {
                idx.writer.updateDocument(new Term(TURN, turns.get(i).turnId().toString()), docs.get(i));
            }
            idx.written(turns, live);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every turn of a user; returns how many index entries were removed. */
    public long deleteUser(String tenant, String userId) {
        TenantIndex idx = tenant(tenant, false);
        if (idx == null) {
            return 0;
        }
        Query q = userFilter(tenant, userId, null, null);
        try {
            idx.refreshAll(); // count live turns not yet refreshed too
            long n = idx.withCurrentSearcher(s -> (long) s.count(q));
            idx.writer.deleteDocuments(q);
            idx.deleted();
            idx.commit(); // erasure must be durable at once, not at the next background commit
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Turns indexed for a user. */
    public long countUser(String tenant, String userId) {
        TenantIndex idx = tenant(tenant, false);
        if (idx == null) {
            return 0;
        }
        Query q = userFilter(tenant, userId, null, null);
        return idx.withSearcher(s -> (long) s.count(q));
    }

    /**
     * The vectors stored for these turns of the tenant (turns not indexed are absent): re-indexing a turn whose context
     * changed reuses its vector instead of embedding its text again. Turns written since the last refresh come from
     * memory, so this never forces a refresh.
     */
    public Map<UUID, float[]> vectors(String tenant, Collection<UUID> turnIds) {
        TenantIndex idx = tenant(tenant, false);
        if (idx == null || turnIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, float[]> out = new HashMap<>();
        List<UUID> lookUp = new ArrayList<>();
        for (UUID id : turnIds) {
            TenantIndex.Pending p = idx.pending.get(id);
            if (p != null) {
                out.put(id, p.vector().clone());
            } else {
                lookUp.add(id);
            }
        }
        if (lookUp.isEmpty()) {
            return out;
        }
        return idx.withCurrentSearcher(s -> {
            List<LeafReaderContext> leaves = s.getIndexReader().leaves();
            for (UUID id : lookUp) {
                TopDocs top = s.search(new TermQuery(new Term(TURN, id.toString())), 1);
                if (top.scoreDocs.length == 0) {
                    continue;
                }
                int doc = top.scoreDocs[0].doc;
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
                FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
                if (values == null) {
                    continue;
                }
                KnnVectorValues.DocIndexIterator it = values.iterator();
                int local = doc - leaf.docBase;
                if (it.advance(local) == local) {
                    out.put(id, values.vectorValue(it.index()).clone());
                }
            }
            return out;
        });
    }

    /** Removes every entry of a tenant (before a rebuild). */
    public void deleteAll(String tenant) {
        TenantIndex idx = tenant(tenant, true);
        try {
            idx.writer.deleteAll();
            idx.deleted();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Turns indexed for the tenant (as of the last refresh); 0 if it has no index. */
    public long count(String tenant) {
        TenantIndex idx = tenant(tenant, false);
        return idx == null ? 0 : idx.withSearcher(s -> (long) s.getIndexReader().numDocs());
    }

    /** Turns indexed for one session of a user. */
    public long countSession(String tenant, String userId, UUID sessionId) {
        TenantIndex idx = tenant(tenant, false);
        if (idx == null) {
            return 0;
        }
        Query q = new BooleanQuery.Builder()
                .add(userFilter(tenant, userId, null, null), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(SESSION, sessionId.toString())), BooleanClause.Occur.FILTER)
                .build();
        return idx.withSearcher(s -> (long) s.count(q));
    }

    /** Whether the tenant's index exists and was written with the current {@link #LAYOUT}. */
    public boolean isCurrentLayout(String tenant) {
        TenantIndex idx = tenant(tenant, false);
        return idx != null && idx.layoutCurrent;
    }

    /** Tenants that have an index folder. */
    public Set<String> tenantsOnDisk() {
        try (Stream<Path> dirs = Files.list(root)) {
            Set<String> out = new java.util.TreeSet<>();
            dirs.filter(Files::isDirectory).forEach(d -> {
                Path marker = d.resolve("tenant.txt");
                try {
                    if (Files.isReadable(marker)) {
                        out.add(Files.readString(marker, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    log.warn("cannot read {}", marker, e);
                }
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes everything written so far durable. */
    public void commit(String tenant) {
        TenantIndex idx = tenant(tenant, false);
        if (idx != null) {
            try {
                idx.commit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Merges a tenant's index down to {@code segments} segments (benchmarks). */
    public void forceMerge(String tenant, int segments) {
        TenantIndex idx = tenant(tenant, true);
        try {
            idx.writer.forceMerge(segments);
            idx.commit();
            idx.refreshAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Searches one user's turns.
     *
     * @param queryVector the embedded query text (unit length), required unless the mode is BM25
     * @return at most {@code k} hits, best first; empty if the tenant has no index
     */
    public List<TurnHit> search(String tenant, TurnQuery query, float[] queryVector) {
        return search(tenant, query, queryVector, settings.fusion());
    }

    /** As {@link #search(String, TurnQuery, float[])} with an explicit fusion (benchmarks compare them). */
    public List<TurnHit> search(String tenant, TurnQuery query, float[] queryVector, Fusion fusion) {
        if (query.mode() != SearchMode.BM25
                && queryVector == null
                && !query.text().isBlank()) {
            throw new IllegalArgumentException("a query vector is needed for " + query.mode());
        }
        TenantIndex idx = tenant(tenant, false);
        if (idx == null) {
            return List.of();
        }
        return idx.withSearcher(s -> run(idx, s, query, queryVector, fusion));
    }

    private List<TurnHit> run(TenantIndex idx, IndexSearcher searcher, TurnQuery q, float[] qv, Fusion fusion)
            throws IOException {
        Query filter = userFilter(idx.tenant, q.userId(), q.from(), q.to());
        int depth = Math.max(settings.candidateDepth(), q.k());
        Query lexical = lexicalQuery(q.text());
        if (lexical == null && q.text().isBlank()) {
            // No query text: the newest turns of the range (e.g. "what did I say yesterday" once the time
            // expression is taken out and nothing is left).
            TopDocs td = searcher.search(
                    filter, q.k(), new Sort(new SortField(TIME, SortField.Type.LONG, true), SortField.FIELD_DOC));
            List<TurnHit> out = new ArrayList<>();
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc sd : td.scoreDocs) {
                out.add(hit(stored.document(sd.doc), 0, 0, 0));
            }
            return out;
        }
        List<Candidate<Integer>> bm25 = List.of();
        if (q.mode() != SearchMode.DENSE && lexical != null) {
            Query full = new BooleanQuery.Builder()
                    .add(lexical, BooleanClause.Occur.MUST)
                    .add(filter, BooleanClause.Occur.FILTER)
                    .build();
            bm25 = candidates(searcher.search(full, depth));
        }
        List<Candidate<Integer>> dense = List.of();
        if (q.mode() != SearchMode.BM25) {
            dense = candidates(searcher.search(new KnnFloatVectorQuery(VECTOR, unit(qv), depth, filter), depth));
        }
        List<Fused<Integer>> fused =
                switch (q.mode()) {
                    case BM25 -> RankFusion.lexicalOnly(bm25);
                    case DENSE -> RankFusion.denseOnly(dense);
                    case HYBRID -> RankFusion.fuse(bm25, dense, fusion);
                };
        StoredFields stored = searcher.storedFields();
        List<TurnHit> out = new ArrayList<>(Math.min(q.k(), fused.size()));
        for (Fused<Integer> f : fused.subList(0, Math.min(q.k(), fused.size()))) {
            out.add(hit(stored.document(f.key()), f.score(), f.lexicalRank(), f.denseRank()));
        }
        return out;
    }

    private Query lexicalQuery(String text) {
        if (text.isBlank()) {
            return null;
        }
        // Question words ("what did …", "when would …") carry no topic but match every turn that asks something:
        // dropped from the BM25 query (+0.02 hybrid recall@10 on LoCoMo, docs/benchmarks/memory.md). A query made only
        // of them keeps them.
        QueryBuilder qb = new QueryBuilder(QUERY_ANALYZER);
        Query t = qb.createBooleanQuery(TEXT, text, BooleanClause.Occur.SHOULD);
        if (t == null) {
            qb = new QueryBuilder(analyzer());
            t = qb.createBooleanQuery(TEXT, text, BooleanClause.Occur.SHOULD);
        }
        if (t == null) {
            return null;
        }
        if (settings.contextWeight() <= 0) {
            return t;
        }
        Query c = qb.createBooleanQuery(CONTEXT, text, BooleanClause.Occur.SHOULD);
        return new DisjunctionMaxQuery(List.of(t, new BoostQuery(c, settings.contextWeight())), settings.tieBreaker());
    }

    private static List<Candidate<Integer>> candidates(TopDocs td) {
        List<Candidate<Integer>> out = new ArrayList<>(td.scoreDocs.length);
        for (ScoreDoc sd : td.scoreDocs) {
            out.add(new Candidate<>(sd.doc, sd.score));
        }
        return out;
    }

    private static TurnHit hit(Document d, double score, int lexicalRank, int denseRank) {
        return new TurnHit(
                UUID.fromString(d.get(TURN)),
                d.get(TURN_EXTERNAL),
                UUID.fromString(d.get(SESSION)),
                d.get(SESSION_EXTERNAL),
                d.get(SPEAKER),
                d.get(TEXT),
                Instant.ofEpochMilli(d.getField(TIME).numericValue().longValue()),
                score,
                lexicalRank,
                denseRank);
    }

    private static Query userFilter(String tenant, String userId, Instant from, Instant to) {
        BooleanQuery.Builder b = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(TENANT, tenant)), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(USER, userId)), BooleanClause.Occur.FILTER);
        if (from != null || to != null) {
            long lo = from == null ? Long.MIN_VALUE : from.toEpochMilli();
            long hi = to == null ? Long.MAX_VALUE : to.toEpochMilli() - 1;
            b.add(LongPoint.newRangeQuery(TIME, lo, hi), BooleanClause.Occur.FILTER);
        }
        return b.build();
    }

    private Document toLucene(String tenant, TurnDocument t) {
        if (t.vector().length != settings.dimension()) {
            throw new IllegalArgumentException("turn " + t.turnId() + " has a vector of length " + t.vector().length
                    + ", expected " + settings.dimension());
        }
        Document d = new Document();
        d.add(new StringField(TENANT, tenant, Field.Store.NO));
        d.add(new StringField(USER, t.userId(), Field.Store.YES));
        d.add(new StringField(TURN, t.turnId().toString(), Field.Store.YES));
        if (t.externalTurnId() != null) {
            d.add(new StoredField(TURN_EXTERNAL, t.externalTurnId()));
        }
        d.add(new StringField(SESSION, t.sessionId().toString(), Field.Store.YES));
        if (t.externalSessionId() != null) {
            d.add(new StoredField(SESSION_EXTERNAL, t.externalSessionId()));
        }
        d.add(new StoredField(SEQUENCE, t.sequence()));
        d.add(new StoredField(SPEAKER, t.speaker()));
        d.add(new TextField(TEXT, t.speaker() + ": " + t.text(), Field.Store.NO));
        d.add(new StoredField(TEXT, t.text()));
        d.add(new Field(CONTEXT, t.context(), CONTEXT_TYPE));
        long ms = t.timestamp().toEpochMilli();
        d.add(new LongPoint(TIME, ms));
        d.add(new NumericDocValuesField(TIME, ms));
        d.add(new StoredField(TIME, ms));
        d.add(new KnnFloatVectorField(VECTOR, unit(t.vector()), VectorSimilarityFunction.DOT_PRODUCT));
        return d;
    }

    /** Copy scaled to unit length (dot product = cosine). */
    static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        if (sum == 0 || Double.isNaN(sum)) {
            throw new IllegalArgumentException("zero or NaN vector");
        }
        float inv = (float) (1.0 / Math.sqrt(sum));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }

    private static Analyzer analyzer() {
        return ANALYZER;
    }

    // EnglishAnalyzer is thread-safe (per-thread token stream reuse); one instance for index and queries.
    private static final Analyzer ANALYZER = new EnglishAnalyzer();

    /** Words that make a sentence a question without saying what it is about; removed from BM25 queries only. */
    static final List<String> QUESTION_WORDS = List.of(
            "what", "when", "where", "who", "whom", "whose", "which", "why", "how", "did", "does", "do", "would",
            "could", "should", "likely", "has", "have", "had", "kind", "type", "some", "any");

    /** The index analyzer with {@link #QUESTION_WORDS} as extra stop words: same tokens otherwise. */
    private static final Analyzer QUERY_ANALYZER = new EnglishAnalyzer(queryStopWords());

    private static CharArraySet queryStopWords() {
        CharArraySet stop = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
        stop.addAll(QUESTION_WORDS);
        return CharArraySet.unmodifiableSet(stop);
    }

    /** Folder of a tenant: its id when that is a safe file name, else a hash of it. */
    static String folderName(String tenant) {
        if (PLAIN_TENANT.matcher(tenant).matches()) {
            return tenant;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(tenant.getBytes(StandardCharsets.UTF_8));
            return "h-" + HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private TenantIndex tenant(String tenant, boolean create) {
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalArgumentException("tenant must not be blank");
        }
        if (closed) {
            throw new IllegalStateException("conversation index is closed");
        }
        TenantIndex idx = open.get(tenant);
        if (idx != null) {
            return idx;
        }
        Path dir = root.resolve(folderName(tenant));
        if (!create && !hasCommit(dir)) {
            return null;
        }
        return open.computeIfAbsent(tenant, t -> {
            try {
                return new TenantIndex(t, dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open conversation index of tenant " + t, e);
            }
        });
    }

    private static boolean hasCommit(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("segments_"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void refreshLive() {
        for (TenantIndex idx : open.values()) {
            try {
                idx.refreshAll();
            } catch (IOException | RuntimeException e) {
                log.warn("refreshing the conversation index of tenant {} failed", idx.tenant, e);
            }
        }
    }

    private void commitDirty() {
        for (TenantIndex idx : open.values()) {
            if (idx.dirty) {
                try {
                    idx.commit();
                } catch (IOException | RuntimeException e) {
                    log.warn("commit of the conversation index of tenant {} failed", idx.tenant, e);
                }
            }
        }
    }

    /** Commits and closes every tenant index. */
    @Override
    public void close() {
        closed = true;
        committer.shutdownNow();
        for (TenantIndex idx : open.values()) {
            try {
                idx.close();
            } catch (IOException | RuntimeException e) {
                log.warn("closing the conversation index of tenant {} failed", idx.tenant, e);
            }
        }
        open.clear();
    }

    /** One tenant's writer and NRT searchers. */
    private final class TenantIndex implements Closeable {
        final String tenant;
        final Directory directory;
        final IndexWriter writer;
        final SearcherManager searchers;
        final boolean layoutCurrent;
        volatile boolean dirty;
        /**
         * Writes so far (a generation), the newest one searches must see (live writes do not count), and the one the
         * current searcher is known to include.
         */
        final AtomicLong writes = new AtomicLong();

        final AtomicLong mustSee = new AtomicLong();
        volatile long refreshed;
        private final Object refreshLock = new Object();
        /** Vectors of turns written since the last refresh, for {@link #vectors}; dropped once searchable. */
        final Map<UUID, Pending> pending = new ConcurrentHashMap<>();

        record Pending(float[] vector, long generation) {}

        TenantIndex(String tenant, Path dir) throws IOException {
            this.tenant = tenant;
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("tenant.txt"), tenant, StandardCharsets.UTF_8);
            this.directory = FSDirectory.open(dir);
            boolean existed = DirectoryReader.indexExists(directory);
            String layout = existed
                    ? SegmentInfos.readLatestCommit(directory).getUserData().get(LAYOUT_KEY)
                    : LAYOUT;
            this.layoutCurrent = LAYOUT.equals(layout);
            IndexWriterConfig config = new IndexWriterConfig(analyzer())
                    .setCodec(QuantizedHnswCodec.int8(16, 100))
                    .setSimilarity(similarity)
                    .setRAMBufferSizeMB(32)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            ConcurrentMergeScheduler cms = new ConcurrentMergeScheduler();
            cms.setMaxMergesAndThreads(2, 1); // 2 shared cores: one merge thread
            config.setMergeScheduler(cms);
            IndexWriter w = new IndexWriter(directory, config);
            try {
                w.setLiveCommitData(Map.of(LAYOUT_KEY, LAYOUT).entrySet());
                if (!existed) {
                    w.commit();
                }
                this.searchers = new SearcherManager(w, new SearcherFactory() {
                    @Override
                    public IndexSearcher newSearcher(
                            org.apache.lucene.index.IndexReader reader, org.apache.lucene.index.IndexReader previous) {
                        IndexSearcher s = new IndexSearcher(reader);
                        s.setSimilarity(similarity);
                        return s;
                    }
                });
            } catch (IOException | RuntimeException e) {
                w.close();
                directory.close();
                throw e;
            }
            this.writer = w;
        }

        /**
         * After added or replaced turns; not refreshed here: the next search refreshes, or for live turns the
         * background refresh.
         */
        void written(List<TurnDocument> turns, boolean live) throws IOException {
            dirty = true;
            long generation = writes.incrementAndGet();
            if (!live) {
                mustSee.accumulateAndGet(generation, Math::max);
            }
            for (TurnDocument t : turns) {
                if (t.vector() != null) {
                    pending.put(t.turnId(), new Pending(t.vector(), generation));
                }
            }
            if (pending.size() > MAX_PENDING) {
                refresh(generation); // bounds the memory held for turns nobody searched yet
            }
            if (settings.commitInterval().isZero()) {
                commit();
            }
        }

        /** After deletes: refreshed at once, so nothing deleted is found or kept in memory a moment longer. */
        void deleted() throws IOException {
            dirty = true;
            mustSee.accumulateAndGet(writes.incrementAndGet(), Math::max);
            refreshAll();
            pending.clear();
            if (settings.commitInterval().isZero()) {
                commit();
            }
        }

        /** Makes every write so far searchable. */
        void refreshAll() throws IOException {
            refresh(writes.get());
        }

        /** Makes every write up to {@code generation} searchable (one refresh covers all writes before it starts). */
        void refresh(long generation) throws IOException {
            synchronized (refreshLock) {
                if (refreshed >= generation) {
                    return;
                }
                long upTo = writes.get();
                searchers.maybeRefreshBlocking();
                refreshed = upTo;
                pending.values().removeIf(p -> p.generation() <= upTo);
            }
        }

        synchronized void commit() throws IOException {
            dirty = false;
            writer.commit();
        }

        /** Runs {@code fn} on a searcher that sees every write completed before this call (live ones: see above). */
        <T> T withSearcher(SearcherFunction<T> fn) {
            try {
                long needed = mustSee.get();
                if (refreshed < needed) {
                    refresh(needed);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return withCurrentSearcher(fn);
        }

        /** Runs {@code fn} on the current searcher, without refreshing it. */
        <T> T withCurrentSearcher(SearcherFunction<T> fn) {
            try {
                IndexSearcher s = searchers.acquire();
                try {
                    return fn.apply(s);
                } finally {
                    searchers.release(s);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                searchers.close();
            } finally {
                try {
                    if (writer.isOpen()) {
                        writer.commit();
                        writer.close();
                    }
                } finally {
                    directory.close();
                }
            }
        }
    }

    @FunctionalInterface
    private interface SearcherFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }
}
