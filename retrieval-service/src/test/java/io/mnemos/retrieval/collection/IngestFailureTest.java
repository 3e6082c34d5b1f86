package io.mnemos.retrieval.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.messaging.outbox.Outbox;
import io.mnemos.model.Embedder;
import io.mnemos.retrieval.bench.HashingEmbedder;
import io.mnemos.retrieval.index.IndexRegistry;
import io.mnemos.retrieval.index.IndexSettings;
import io.mnemos.retrieval.ingest.Chunker;
import io.mnemos.retrieval.ingest.ChunkingOptions;
import io.mnemos.retrieval.ingest.Ingestor;
import io.mnemos.retrieval.search.LuceneRetriever;
import io.mnemos.retrieval.search.RetrieverSettings;
import io.mnemos.retrieval.search.SearchMode;
import io.mnemos.web.problem.ProblemException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A failed ingestion leaves nothing searchable: with a real Lucene index, an embedding failure writes nothing, and a
 * transaction that does not commit after the index write takes the documents out of the index again.
 */
class IngestFailureTest {
    @TempDir
    Path dir;

    IndexRegistry registry;
    CollectionStore store = mock(CollectionStore.class);
    Outbox outbox = mock(Outbox.class);
    FlakyTransactions transactions = new FlakyTransactions();
    CollectionService service;
    final Collection kb = new Collection(UUID.randomUUID(), "acme", "kb", Instant.now());

    /** Fails embedding of any text containing "EMBED-FAIL". */
    static final class FailingEmbedder implements Embedder {
        private final HashingEmbedder delegate = new HashingEmbedder(64);

        @Override
        public List<float[]> embedAll(List<String> texts) {
            if (texts.stream().anyMatch(t -> t.contains("EMBED-FAIL"))) {
                throw new IllegalStateException("ONNX Runtime failed");
            }
            return delegate.embedAll(texts);
        }

        @Override
        public float[] embed(String text) {
            return delegate.embed(text);
        }

        @Override
        public int dimension() {
            return 64;
        }

        @Override
        public int maxInputTokens() {
            return 256;
        }
    }

    /** A transaction manager whose commit can be made to fail; synchronizations run as with a real one. */
    static final class FlakyTransactions extends AbstractPlatformTransactionManager {
        volatile boolean failCommit;

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {}

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            if (failCommit) {
                throw new TransactionSystemException("connection lost during commit");
            }
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {}
    }

    @BeforeEach
    void setUp() {
        registry = new IndexRegistry(IndexSettings.defaults(dir, 64));
        Embedder embedder = new FailingEmbedder();
        Ingestor ingestor = new Ingestor(registry, embedder, new Chunker(ChunkingOptions.defaults()));
        service = new CollectionService(
                store,
                ingestor,
                registry,
                new LuceneRetriever(registry, embedder, RetrieverSettings.defaults()),
                outbox,
                new TransactionTemplate(transactions),
                new RetrievalMetrics(new SimpleMeterRegistry()));
        when(store.find("acme", "kb")).thenReturn(java.util.Optional.of(kb));
        when(store.lockShared(kb.id())).thenReturn(true);
        when(store.upsert(any(), any(), any())).thenReturn(false);
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    private List<String> hits(String query) {
        return service.search("acme", "kb", query, b -> b.mode(SearchMode.BM25).k(50)).hits().stream()
                .map(h -> h.documentId())
                .toList();
    }

    private static CollectionService.NewDocument doc(String id, String text) {
        return new CollectionService.NewDocument(id, "", text, Map.of(), null);
    }

    @Test
    void embeddingFailureWritesNothing() {
        assertThatThrownBy(() -> service.ingest(
                        "acme",
                        kb,
                        List.of(doc("good", "Zebras graze on the savanna."), doc("bad", "Zebras EMBED-FAIL here.")),
                        "http",
                        null))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        p -> assertThat(p.getStatusCode().value()).isEqualTo(503));
        verify(store, never()).upsert(any(), any(), any());
        verify(outbox, never()).publish(any(), anyString(), anyString());
        assertThat(registry.exists("acme")).isFalse();
    }

    @Test
    void commitFailureAfterTheIndexWriteRemovesTheDocuments() {
        service.ingest("acme", kb, List.of(doc("old", "Giraffes browse acacia trees.")), "http", null);
        assertThat(hits("giraffes acacia")).containsExactly("old");

        transactions.failCommit = true;
        assertThatThrownBy(() -> service.ingest(
                        "acme",
                        kb,
                        List.of(
                                doc("new-1", "Giraffes sleep standing up."),
                                doc("new-2", "Acacia thorns deter giraffes.")),
                        "http",
                        null))
                .isInstanceOf(TransactionSystemException.class);
        assertThat(hits("giraffes acacia sleep thorns")).containsExactly("old");
    }

    @Test
    void failureInsideTheTransactionRemovesTheDocuments() {
        doThrow(new IllegalStateException("outbox insert failed"))
                .when(outbox)
                .publish(any(), anyString(), anyString());
        assertThatThrownBy(() ->
                        service.ingest("acme", kb, List.of(doc("x", "Okapis live in rainforests.")), "http", null))
                .isInstanceOf(IllegalStateException.class);
        assertThat(hits("okapis rainforests")).isEmpty();
    }
}
