package io.mnemos.retrieval.index;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene index of one tenant: one {@link IndexWriter} and one NRT {@link SearcherManager} over
 * {@code dataDir/tenants/<tenant>}. Collections are a field inside it (see package docs).
 *
 * <p>Thread-safe: any number of threads may ingest, delete and search concurrently. Obtain instances from
 * {@link IndexRegistry}, which opens them lazily and closes idle ones; do not keep a reference beyond the registry
 * callback.
 */
public final class TenantIndex implements Closeable {

    /** Tenant ids become directory names: letters, digits, '_' and '-', at most 64. */
    public static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final FieldType TEXT_TYPE;
    private static final FieldType CONTEXT_TYPE;

    static {
        CONTEXT_TYPE = new FieldType(TextField.TYPE_NOT_STORED);
        CONTEXT_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        CONTEXT_TYPE.freeze();
        TEXT_TYPE = new FieldType(TextField.TYPE_STORED);
        TEXT_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
        TEXT_TYPE.freeze();
    }

    private final String tenant;
    private final Path path;
    private final IndexSettings settings;
    private final Analyzer analyzer;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searcherManager;
    private final BM25Similarity similarity;

    // lease bookkeeping for IndexRegistry's idle eviction
    private final AtomicInteger leases = new AtomicInteger();
    private final AtomicLong lastUsedNanos = new AtomicLong(System.nanoTime());
    private boolean closed;

    TenantIndex(String tenant, Path path, IndexSettings settings) throws IOException {
        if (!TENANT_ID.matcher(tenant).matches()) {
            throw new IllegalArgumentException("invalid tenant id: " + tenant);
        }
        this.tenant = tenant;
        this.path = path;
        this.settings = settings;
        this.analyzer = settings.analysis().create();
        this.similarity = new BM25Similarity(settings.bm25K1(), settings.bm25B());
        Files.createDirectories(path);
        this.directory = FSDirectory.open(path);
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setCodec(MnemosCodec.create(settings.quantization(), settings.hnswMaxConn(), settings.hnswBeamWidth()))
                .setSimilarity(similarity)
                .setRAMBufferSizeMB(settings.ramBufferMb())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        ConcurrentMergeScheduler cms = new ConcurrentMergeScheduler();
        cms.setMaxMergesAndThreads(4, 1); // 2 cores: one merge thread, leave the other to queries
        config.setMergeScheduler(cms);
        IndexWriter w = new IndexWriter(directory, config);
        try {
            this.searcherManager = new SearcherManager(w, new SearcherFactory() {
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

    public String tenant() {
        return tenant;
    }

    public IndexSettings settings() {
        return settings;
    }

    /** The analyzer of the text fields (use it to build BM25 queries and highlights). */
    public Analyzer analyzer() {
        return analyzer;
    }

    /**
     * Replaces each document atomically: one {@code updateDocuments} call per document deletes every chunk indexed
     * before under its collection + document id and adds the new chunks as one block, so a search sees either the old
     * or the new version, never a mix or a part. Everything is validated and converted before the first write, so an
     * invalid document fails the call without writing anything. Refreshes and commits as configured.
     */
    public void replaceDocuments(List<DocumentToIndex> documents) {
        List<List<Document>> converted = new ArrayList<>(documents.size());
        for (DocumentToIndex d : documents) {
            converted.add(toLucene(d));
        }
        try {
            for (int i = 0; i < documents.size(); i++) {
                DocumentToIndex d = documents.get(i);
                writer.updateDocuments(
                        new Term(IndexFields.DOC_KEY, IndexFields.docKey(d.collection(), d.documentId())),
                        converted.get(i));
            }
            afterWrite();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes every chunk of a document; a missing document is a no-op. */
    public void deleteDocument(String collection, String documentId) {
        try {
            writer.deleteDocuments(new Term(IndexFields.DOC_KEY, IndexFields.docKey(collection, documentId)));
            afterWrite();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes every chunk of a collection. */
    public void deleteCollection(String collection) {
        try {
            writer.deleteDocuments(new TermQuery(new Term(IndexFields.COLLECTION, collection)));
            afterWrite();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void afterWrite() throws IOException {
        if (settings.commitOnIngest()) {
            writer.commit();
        }
        if (settings.refreshAfterIngest()) {
            searcherManager.maybeRefreshBlocking();
        }
    }

    /** Runs {@code fn} with a point-in-time searcher (consistent for the whole call). */
    public <T> T withSearcher(SearcherFunction<T> fn) {
        try {
            IndexSearcher s = searcherManager.acquire();
            try {
                return fn.apply(s);
            } finally {
                searcherManager.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes all writes so far visible to new searchers. */
    public void refresh() {
        try {
            searcherManager.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Non-blocking refresh (skipped if another thread is refreshing). */
    void maybeRefresh() {
        try {
            searcherManager.maybeRefresh();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Durable commit of all writes so far. */
    public void commit() {
        try {
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Merges down to at most {@code maxSegments} segments (benchmarks; expensive). */
    public void forceMerge(int maxSegments) {
        try {
            writer.forceMerge(maxSegments);
            writer.commit();
            searcherManager.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Live chunk count (as of the last refresh) and bytes on disk. */
    public IndexStats stats() {
        return withSearcher(s -> new IndexStats(s.getIndexReader().numDocs(), sizeOnDisk(path)));
    }

    /** Chunk count and on-disk size. */
    public record IndexStats(int chunks, long bytesOnDisk) {}

    static long sizeOnDisk(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0; // deleted by a merge meanwhile
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Document> toLucene(DocumentToIndex d) {
        if (d.collection().isBlank() || d.documentId().isBlank()) {
            throw new IllegalArgumentException("collection and documentId must not be blank");
        }
        for (Map.Entry<String, String> m : d.metadata().entrySet()) {
            if (!META_KEY.matcher(m.getKey()).matches()) {
                throw new IllegalArgumentException("invalid metadata key: " + m.getKey());
            }
        }
        String docKey = IndexFields.docKey(d.collection(), d.documentId());
        List<Document> out = new ArrayList<>(d.chunks().size());
        for (IndexedChunk c : d.chunks()) {
            if (c.vector().length != settings.dimension()) {
                throw new IllegalArgumentException("chunk " + c.chunkId() + " has a vector of length "
                        + c.vector().length + ", expected " + settings.dimension());
            }
            Document doc = new Document();
            doc.add(new StringField(IndexFields.TENANT, tenant, Field.Store.YES));
            doc.add(new StringField(IndexFields.COLLECTION, d.collection(), Field.Store.YES));
            doc.add(new StringField(IndexFields.DOCUMENT_ID, d.documentId(), Field.Store.YES));
            doc.add(new StringField(IndexFields.DOC_KEY, docKey, Field.Store.NO));
            doc.add(new SortedDocValuesField(IndexFields.DOC_KEY, new BytesRef(docKey)));
            doc.add(new StringField(IndexFields.CHUNK_ID, c.chunkId(), Field.Store.YES));
            doc.add(new StoredField(IndexFields.ORDINAL, c.ordinal()));
            doc.add(new TextField(IndexFields.TITLE, c.title(), Field.Store.YES));
            doc.add(new Field(IndexFields.TEXT, c.text(), TEXT_TYPE));
            if (c.context() != null) {
                doc.add(new Field(IndexFields.CONTEXT, c.context(), CONTEXT_TYPE));
            }
            for (Map.Entry<String, String> m : d.metadata().entrySet()) {
                doc.add(new StringField(IndexFields.META_PREFIX + m.getKey(), m.getValue(), Field.Store.YES));
            }
            doc.add(new KnnFloatVectorField(
                    IndexFields.VECTOR, unit(c.vector()), VectorSimilarityFunction.DOT_PRODUCT));
            out.add(doc);
        }
        return out;
    }

    /** Copy scaled to unit length (dot product = cosine); a zero vector is rejected. */
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

    // --- leases (IndexRegistry) ---

    synchronized boolean tryLease() {
        if (closed) {
            return false;
        }
        leases.incrementAndGet();
        return true;
    }

    void release() {
        lastUsedNanos.set(System.nanoTime());
        leases.decrementAndGet();
    }

    /** Marks the index closed if nobody holds a lease and it was idle for {@code idleNanos}. */
    synchronized boolean retireIfIdle(long idleNanos) {
        if (closed || leases.get() > 0 || System.nanoTime() - lastUsedNanos.get() < idleNanos) {
            return false;
        }
        closed = true;
        return true;
    }

    synchronized void retire() {
        closed = true;
    }

    /** Commits and closes. Called by the registry once retired. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            closed = true;
        }
        try {
            searcherManager.close();
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

    /** A function over a searcher that may throw {@link IOException}. */
    @FunctionalInterface
    public interface SearcherFunction<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }
}
