package io.mnemos.retrieval.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnemos.retrieval.bench.HashingEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexRegistryTest {

    static final int DIM = 32;
    static final HashingEmbedder EMBEDDER = new HashingEmbedder(DIM);

    @TempDir
    Path dir;

    static DocumentToIndex doc(String collection, String id, int chunks) {
        List<IndexedChunk> list = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            String text = "chunk " + i + " of " + id;
            list.add(new IndexedChunk(id + "#" + i, i, "title " + id, text, EMBEDDER.embed(text)));
        }
        return new DocumentToIndex(collection, id, Map.of("lang", "en"), list);
    }

    static int count(IndexRegistry r, String tenant, String field, String value) {
        return r.read(tenant, idx -> idx.withSearcher(s -> s.count(new TermQuery(new Term(field, value)))))
                .orElse(-1);
    }

    IndexSettings settings() {
        return IndexSettings.defaults(dir, DIM);
    }

    @Test
    void replaceIsAtomicPerDocumentAndRemovesOldChunks() {
        try (IndexRegistry r = new IndexRegistry(settings())) {
            r.write("t1", idx -> {
                idx.replaceDocuments(List.of(doc("c", "d1", 3), doc("c", "d2", 2)));
                return null;
            });
            assertThat(count(r, "t1", IndexFields.DOCUMENT_ID, "d1")).isEqualTo(3);
            r.write("t1", idx -> {
                idx.replaceDocuments(List.of(doc("c", "d1", 1)));
                return null;
            });
            assertThat(count(r, "t1", IndexFields.DOCUMENT_ID, "d1")).isEqualTo(1);
            assertThat(count(r, "t1", IndexFields.DOCUMENT_ID, "d2")).isEqualTo(2);
        }
    }

    @Test
    void sameDocumentIdInTwoCollectionsIsTwoDocuments() {
        try (IndexRegistry r = new IndexRegistry(settings())) {
            r.write("t1", idx -> {
                idx.replaceDocuments(List.of(doc("a", "d1", 2), doc("b", "d1", 3)));
                idx.deleteDocument("a", "d1");
                return null;
            });
            assertThat(count(r, "t1", IndexFields.DOCUMENT_ID, "d1")).isEqualTo(3);
            assertThat(count(r, "t1", IndexFields.COLLECTION, "b")).isEqualTo(3);
        }
    }

    @Test
    void invalidDocumentInBatchWritesNothing() {
        try (IndexRegistry r = new IndexRegistry(settings())) {
            r.write("t1", idx -> {
                idx.replaceDocuments(List.of(doc("c", "d1", 2)));
                return null;
            });
            DocumentToIndex bad = new DocumentToIndex(
                    "c",
                    "d1",
                    Map.of(),
                    List.of(
                            new IndexedChunk("d1#0", 0, "t", "new text", EMBEDDER.embed("x")),
                            new IndexedChunk("d1#1", 1, "t", "wrong dimension", new float[DIM + 1])));
            assertThatThrownBy(() -> r.write("t1", idx -> {
                        idx.replaceDocuments(List.of(doc("c", "d9", 1), bad));
                        return null;
                    }))
                    .isInstanceOf(IllegalArgumentException.class);
            // neither the valid d9 nor a part of the new d1 was written; old d1 intact
            assertThat(count(r, "t1", IndexFields.DOCUMENT_ID, "d9")).isZero();
            assertThat(count(r, "t1", IndexFields.DOCUMENT_ID, "d1")).isEqualTo(2);
            assertThatThrownBy(() -> new DocumentToIndex("c", "x", Map.of(), List.of()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void deleteDocumentAndCollection() {
        try (IndexRegistry r = new IndexRegistry(settings())) {
            r.write("t1", idx -> {
                idx.replaceDocuments(List.of(doc("c", "d1", 3), doc("c", "d2", 1), doc("other", "d3", 1)));
                idx.deleteDocument("c", "d1");
                return null;
            });
            assertThat(count(r, "t1", IndexFields.DOCUMENT_ID, "d1")).isZero();
            r.write("t1", idx -> {
                idx.deleteCollection("c");
                return null;
            });
            assertThat(count(r, "t1", IndexFields.COLLECTION, "c")).isZero();
            assertThat(count(r, "t1", IndexFields.COLLECTION, "other")).isEqualTo(1);
        }
    }

    @Test
    void commitsAreDurableAcrossRestart() {
        try (IndexRegistry r = new IndexRegistry(settings())) {
            r.write("t1", idx -> {
                idx.replaceDocuments(List.of(doc("c", "d1", 2)));
                return null;
            });
        }
        try (IndexRegistry r = new IndexRegistry(settings())) {
            assertThat(r.exists("t1")).isTrue();
            assertThat(count(r, "t1", IndexFields.DOCUMENT_ID, "d1")).isEqualTo(2);
        }
    }

    @Test
    void readsNeverCreateAnIndexAndTenantIdsAreValidated() {
        try (IndexRegistry r = new IndexRegistry(settings())) {
            assertThat(r.read("ghost", idx -> 1)).isEmpty();
            assertThat(Files.exists(dir.resolve("tenants").resolve("ghost"))).isFalse();
            assertThat(r.exists("ghost")).isFalse();
            assertThatThrownBy(() -> r.write("../evil", idx -> 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> r.read("a/b", idx -> 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void idleIndexesAreClosedAndReopenedLazily() {
        try (IndexRegistry r = new IndexRegistry(settings().withIdleTimeout(Duration.ofHours(1)))) {
            r.write("t1", idx -> {
                idx.replaceDocuments(List.of(doc("c", "d1", 1)));
                return null;
            });
            r.write("t2", idx -> null);
            assertThat(r.openTenants()).containsExactly("t1", "t2");
            assertThat(r.closeIdle()).isZero(); // not idle for an hour
            assertThat(r.closeIdle(0)).isEqualTo(2);
            assertThat(r.openTenants()).isEmpty();
            assertThat(count(r, "t1", IndexFields.DOCUMENT_ID, "d1")).isEqualTo(1);
            assertThat(r.openTenants()).containsExactly("t1");
        }
    }

    @Test
    void backgroundEvictionCloses() throws Exception {
        try (IndexRegistry r = new IndexRegistry(settings().withIdleTimeout(Duration.ofMillis(200)))) {
            r.write("t1", idx -> null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!r.openTenants().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(r.openTenants()).isEmpty();
        }
    }

    @Test
    void concurrentWritesReadsAndEvictionsAreSafe() throws Exception {
        try (IndexRegistry r = new IndexRegistry(settings())) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        for (int iter = 0; iter < 30; iter++) {
                            int i = iter;
                            String tenant = "t" + (i % 2);
                            r.write(tenant, idx -> {
                                idx.replaceDocuments(List.of(doc("c", "d" + thread + "-" + (i % 5), 1 + i % 3)));
                                return null;
                            });
                            r.read(
                                    tenant,
                                    idx -> idx.withSearcher(
                                            s -> s.count(new TermQuery(new Term(IndexFields.COLLECTION, "c")))));
                        }
                        return null;
                    }));
                }
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        r.closeIdle(0);
                        Thread.sleep(2);
                    }
                    return null;
                }));
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            // every thread's last version of each of its 5 documents is there, once
            int total = 0;
            for (String tenant : List.of("t0", "t1")) {
                total += r.read(tenant, idx -> idx.stats().chunks()).orElse(0);
            }
            assertThat(total).isPositive();
            for (int thread = 0; thread < 3; thread++) {
                for (int d = 0; d < 5; d++) {
                    String id = "d" + thread + "-" + d;
                    int chunks =
                            count(r, "t0", IndexFields.DOCUMENT_ID, id) + count(r, "t1", IndexFields.DOCUMENT_ID, id);
                    assertThat(chunks).as(id).isBetween(1, 6);
                }
            }
        }
    }

    @Test
    void deleteTenantRemovesItsData() {
        try (IndexRegistry r = new IndexRegistry(settings())) {
            r.write("t1", idx -> {
                idx.replaceDocuments(List.of(doc("c", "d1", 1)));
                return null;
            });
            r.deleteTenant("t1");
            assertThat(r.exists("t1")).isFalse();
            assertThat(Files.exists(dir.resolve("tenants").resolve("t1"))).isFalse();
        }
    }

    @Test
    void everyQuantizationIndexesAndSearches() {
        for (VectorQuantization q : VectorQuantization.values()) {
            Path sub = dir.resolve(q.name());
            try (IndexRegistry r =
                    new IndexRegistry(IndexSettings.defaults(sub, DIM).withQuantization(q))) {
                r.write("t", idx -> {
                    List<DocumentToIndex> docs = new ArrayList<>();
                    for (int i = 0; i < 150; i++) {
                        docs.add(doc("c", "d" + i, 1));
                    }
                    idx.replaceDocuments(docs);
                    return null;
                });
                int hits = r.read(
                                "t",
                                idx -> idx.withSearcher(s -> s.search(
                                                new org.apache.lucene.search.KnnFloatVectorQuery(
                                                        IndexFields.VECTOR, EMBEDDER.embed("chunk 0 of d7"), 5),
                                                5)
                                        .scoreDocs
                                        .length))
                        .orElseThrow();
                assertThat(hits).as(q.name()).isEqualTo(5);
            }
        }
    }
}
