package io.mnemos.retrieval.collection;

import io.mnemos.contracts.events.DocumentDeleted;
import io.mnemos.contracts.events.DocumentIndexed;
import io.mnemos.messaging.outbox.Outbox;
import io.mnemos.retrieval.index.IndexFields;
import io.mnemos.retrieval.index.IndexRegistry;
import io.mnemos.retrieval.ingest.IngestResult;
import io.mnemos.retrieval.ingest.Ingestor;
import io.mnemos.retrieval.ingest.SourceDocument;
import io.mnemos.retrieval.search.LuceneRetriever;
import io.mnemos.retrieval.search.Retriever;
import io.mnemos.retrieval.search.SearchHit;
import io.mnemos.retrieval.search.SearchRequest;
import io.mnemos.retrieval.search.SearchResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Collections, documents and search of one tenant at a time.
 *
 * <p><b>Writes.</b> A batch is chunked and embedded first, outside any transaction (the slow part; a failure there
 * writes nothing). Then one PostgreSQL transaction locks the collection row against deletion, upserts the document rows
 * (row locks serialise concurrent writers of one document id, so the index and the table agree on the last version),
 * replaces the documents in the tenant's Lucene index (one atomic {@code updateDocuments} per document, then an fsync
 * commit and an NRT refresh), and writes a {@code retrieval.document.indexed} event per document to the outbox. If that
 * transaction does not commit, the documents are removed from the index again, so nothing is searchable that the
 * table does not hold; the client gets an error and may retry (replacing is idempotent).
 *
 * <p><b>Isolation.</b> Every table row belongs to a tenant through its collection, and every index access names the
 * caller's tenant (one Lucene index per tenant). Chunks carry the collection's id, not its name, so a collection that
 * is deleted and created again starts empty.
 */
@Service
public class CollectionService {
    private static final Logger log = LoggerFactory.getLogger(CollectionService.class);

    /** A document ready to ingest. */
    public record NewDocument(
            String id, String title, String text, Map<String, String> metadata, @Nullable String mediaType) {
        public NewDocument {
            Objects.requireNonNull(id, "id");
            title = title == null ? "" : title;
            text = text == null ? "" : text;
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        }
    }

    /** What an ingestion wrote: per document in input order. */
    public record Ingested(List<IngestedDocument> documents, int chunks, long embedMillis, long indexMillis) {}

    /** One written document. */
    public record IngestedDocument(String documentId, int chunks, boolean replaced) {}

    /** A chunk of a stored document, read back from the index. */
    public record StoredChunk(String chunkId, int ordinal, String text) {}

    private final CollectionStore store;
    private final Ingestor ingestor;
    private final IndexRegistry registry;
    private final Retriever retriever;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final RetrievalMetrics metrics;
    private final ApplicationEventPublisher events;

    /** Without event listeners (tests that build the service by hand). */
    public CollectionService(
            CollectionStore store,
            Ingestor ingestor,
            IndexRegistry registry,
            LuceneRetriever retriever,
            Outbox outbox,
            TransactionTemplate tx,
            RetrievalMetrics metrics) {
        this(store, ingestor, registry, retriever, outbox, tx, metrics, event -> {});
    }

    @org.springframework.beans.factory.annotation.Autowired
    public CollectionService(
            CollectionStore store,
            Ingestor ingestor,
            IndexRegistry registry,
            LuceneRetriever retriever,
            Outbox outbox,
            TransactionTemplate tx,
            RetrievalMetrics metrics,
            ApplicationEventPublisher events) {
        this.events = events;
        this.store = store;
        this.ingestor = ingestor;
        this.registry = registry;
        this.retriever = retriever;
        this.outbox = outbox;
        this.tx = tx;
        this.metrics = metrics;
    }

    // --- collections ---

    public Collection create(String tenant, String name) {
        Inputs.tenant(tenant);
        Collection c = store.create(tenant, name).orElseThrow(() -> RetrievalProblems.collectionExists(name));
        log.info("collection '{}' created for tenant {}", name, tenant);
        return c;
    }

    /** Creates the collection if missing (Kafka requests with {@code createCollection}). */
    public Collection getOrCreate(String tenant, String name) {
        Inputs.tenant(tenant);
        return store.find(tenant, name).or(() -> store.create(tenant, name)).orElseGet(() -> require(tenant, name));
    }

    public List<CollectionStore.Counted> list(String tenant) {
        return store.list(tenant);
    }

    public Collection require(String tenant, String name) {
        return store.find(tenant, name).orElseThrow(() -> RetrievalProblems.collectionNotFound(name));
    }

    public CollectionStore.Counted describe(String tenant, String name) {
        return store.counts(require(tenant, name));
    }

    /**
     * Deletes a collection: its rows, its chunks in the index, and one {@code retrieval.document.deleted} event per
     * document, in one transaction (waits for writers of the collection to finish).
     *
     * @return the number of documents removed
     */
    public int delete(String tenant, String name) {
        Integer removed = tx.execute(status -> {
            Collection c =
                    store.lockForDelete(tenant, name).orElseThrow(() -> RetrievalProblems.collectionNotFound(name));
            List<String> ids = store.delete(c.id());
            Instant now = Instant.now();
            for (String id : ids) {
                outbox.publish(new DocumentDeleted(name, id, "collection-deleted", now), tenant, entity(name, id));
            }
            if (registry.exists(tenant)) {
                registry.write(tenant, idx -> {
                    idx.deleteCollection(c.id().toString());
                    return null;
                });
            }
            events.publishEvent(
                    new DocumentsChanged(tenant, c.id(), c.name(), List.of(), ids, true)); // collection stats
            return ids.size();
        });
        log.info("collection '{}' of tenant {} deleted with {} documents", name, tenant, removed);
        return removed == null ? 0 : removed;
    }

    // --- documents ---

    /**
     * Indexes (or replaces) documents in a collection; see the class comment for the guarantees. Runs in the caller's
     * transaction if there is one (Kafka consumer, bulk job), else in its own.
     *
     * @param afterWrite runs inside the transaction after the index write, with its result (bulk progress); may be null
     */
    public Ingested ingest(
            String tenant,
            Collection c,
            List<NewDocument> docs,
            String source,
            @Nullable Consumer<Ingested> afterWrite) {
        if (docs.isEmpty()) {
            return new Ingested(List.of(), 0, 0, 0);
        }
        List<SourceDocument> sources = docs.stream()
                .map(d -> new SourceDocument(d.id(), d.title(), d.text(), d.metadata()))
                .toList();
        Ingestor.Prepared prepared;
        try {
            prepared = ingestor.prepare(c.id().toString(), sources);
        } catch (IllegalArgumentException e) {
            metrics.ingestFailed("invalid");
            throw RetrievalProblems.invalid("documents", e.getMessage());
        } catch (RuntimeException e) {
            metrics.ingestFailed("embedding");
            log.error("embedding {} documents for tenant {} failed; nothing was written", docs.size(), tenant, e);
            throw RetrievalProblems.embeddingUnavailable(e);
        }
        Ingested result = tx.execute(status -> {
            if (!store.lockShared(c.id())) {
                throw RetrievalProblems.collectionNotFound(c.name());
            }
            Instant now = Instant.now();
            List<NewDocument> ordered = new ArrayList<>(docs);
            ordered.sort(Comparator.comparing(NewDocument::id)); // lock rows in one order: no deadlocks
            Map<String, Boolean> replaced = new HashMap<>();
            Map<String, Integer> chunkCounts = new HashMap<>();
            prepared.documents()
                    .forEach(d -> chunkCounts.put(d.documentId(), d.chunks().size()));
            for (NewDocument d : ordered) {
                replaced.put(
                        d.id(),
                        store.upsert(
                                c.id(),
                                new CollectionStore.DocumentRow(
                                        d.id(),
                                        d.title(),
                                        d.metadata(),
                                        d.mediaType(),
                                        chunkCounts.get(d.id()),
                                        d.text().length(),
                                        source),
                                now));
            }
            IngestResult written = ingestor.write(tenant, prepared);
            removeFromIndexUnlessCommitted(
                    tenant, c, docs.stream().map(NewDocument::id).toList());
            List<IngestedDocument> out = new ArrayList<>(docs.size());
            for (NewDocument d : docs) {
                boolean wasReplaced = replaced.get(d.id());
                int chunks = chunkCounts.get(d.id());
                outbox.publish(
                        new DocumentIndexed(
                                c.name(), d.id(), d.title(), chunks, d.text().length(), wasReplaced, source, now),
                        tenant,
                        entity(c.name(), d.id()));
                out.add(new IngestedDocument(d.id(), chunks, wasReplaced));
            }
            Ingested ingested = new Ingested(out, written.chunks(), written.embedMillis(), written.indexMillis());
            events.publishEvent(
                    new DocumentsChanged( // collection stats, applied after commit
                            tenant,
                            c.id(),
                            c.name(),
                            docs.stream()
                                    .map(d -> new DocumentsChanged.Written(d.id(), d.title(), d.text()))
                                    .toList(),
                            List.of(),
                            false));
            if (afterWrite != null) {
                afterWrite.accept(ingested);
            }
            return ingested;
        });
        metrics.ingested(source, docs.size(), result.chunks(), result.embedMillis(), result.indexMillis());
        log.debug(
                "tenant {} collection '{}': {} documents, {} chunks indexed ({}; embed {} ms, index {} ms)",
                tenant,
                c.name(),
                docs.size(),
                result.chunks(),
                source,
                result.embedMillis(),
                result.indexMillis());
        return result;
    }

    /** If the surrounding transaction rolls back after the index write, the written documents leave the index. */
    private void removeFromIndexUnlessCommitted(String tenant, Collection c, List<String> ids) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status == STATUS_COMMITTED) {
                    return;
                }
                log.warn(
                        "metadata of {} documents of tenant {} collection '{}' did not commit; removing them from the"
                                + " index",
                        ids.size(),
                        tenant,
                        c.name());
                try {
                    registry.write(tenant, idx -> {
                        ids.forEach(id -> idx.deleteDocument(c.id().toString(), id));
                        return null;
                    });
                } catch (RuntimeException e) {
                    log.error("could not remove uncommitted documents {} from the index of tenant {}", ids, tenant, e);
                }
            }
        });
    }

    public DocumentRecord document(String tenant, String collection, String documentId) {
        Collection c = require(tenant, collection);
        return store.findDocument(c.id(), documentId)
                .orElseThrow(() -> RetrievalProblems.documentNotFound(collection, documentId));
    }

    public List<DocumentRecord> documents(String tenant, String collection, @Nullable String after, int limit) {
        Collection c = require(tenant, collection);
        return store.listDocuments(c.id(), after, limit);
    }

    /** The document's chunks as indexed, in order (read from the tenant's index). */
    public List<StoredChunk> chunks(String tenant, String collection, String documentId) {
        Collection c = require(tenant, collection);
        Term key = new Term(IndexFields.DOC_KEY, IndexFields.docKey(c.id().toString(), documentId));
        return registry.read(
                        tenant,
                        idx -> idx.withSearcher(s -> {
                            TopDocs td = s.search(new TermQuery(key), 100_000);
                            StoredFields fields = s.storedFields();
                            List<StoredChunk> out = new ArrayList<>(td.scoreDocs.length);
                            for (ScoreDoc sd : td.scoreDocs) {
                                Document d = fields.document(sd.doc);
                                out.add(new StoredChunk(
                                        d.get(IndexFields.CHUNK_ID),
                                        d.getField(IndexFields.ORDINAL)
                                                .numericValue()
                                                .intValue(),
                                        d.get(IndexFields.TEXT)));
                            }
                            out.sort(Comparator.comparingInt(StoredChunk::ordinal));
                            return out;
                        }))
                .orElse(List.of());
    }

    /** Deletes a document's row and chunks and publishes {@code retrieval.document.deleted}, in one transaction. */
    public void deleteDocument(String tenant, String collection, String documentId) {
        Collection c = require(tenant, collection);
        tx.executeWithoutResult(status -> {
            if (!store.lockShared(c.id())) {
                throw RetrievalProblems.collectionNotFound(collection);
            }
            if (!store.deleteDocument(c.id(), documentId)) {
                throw RetrievalProblems.documentNotFound(collection, documentId);
            }
            registry.write(tenant, idx -> {
                idx.deleteDocument(c.id().toString(), documentId);
                return null;
            });
            outbox.publish(
                    new DocumentDeleted(collection, documentId, "deleted", Instant.now()),
                    tenant,
                    entity(collection, documentId));
            events.publishEvent(new DocumentsChanged(tenant, c.id(), c.name(), List.of(), List.of(documentId), false));
        });
        log.info("document '{}' deleted from collection '{}' of tenant {}", documentId, collection, tenant);
    }

    // --- search ---

    /** A search in one collection of the tenant; {@code options} sets mode, k, fusion, filters and so on. */
    public SearchResponse search(
            String tenant, String collection, String query, Consumer<SearchRequest.Builder> options) {
        Collection c = require(tenant, collection);
        SearchRequest.Builder builder = SearchRequest.builder(tenant, query);
        options.accept(builder);
        SearchRequest req = builder.collection(c.id().toString()).build();
        SearchResponse response = retriever.search(req);
        metrics.searched(req.mode().name().toLowerCase(java.util.Locale.ROOT), response.tookMicros());
        List<SearchHit> hits = response.hits().stream()
                .map(h -> new SearchHit(
                        collection,
                        h.documentId(),
                        h.chunkId(),
                        h.title(),
                        h.text(),
                        h.score(),
                        h.metadata(),
                        h.highlights(),
                        h.explanation()))
                .toList();
        return new SearchResponse(hits, response.tookMicros());
    }

    static String entity(String collection, String documentId) {
        return collection + "/" + documentId;
    }
}
