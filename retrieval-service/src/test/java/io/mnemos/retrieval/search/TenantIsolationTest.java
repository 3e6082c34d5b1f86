package io.mnemos.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.retrieval.bench.HashingEmbedder;
import io.mnemos.retrieval.index.IndexRegistry;
import io.mnemos.retrieval.index.IndexSettings;
import io.mnemos.retrieval.ingest.Chunker;
import io.mnemos.retrieval.ingest.ChunkingOptions;
import io.mnemos.retrieval.ingest.Ingestor;
import io.mnemos.retrieval.ingest.SourceDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two tenants with the same collection and the same documents: a search never returns the other tenant's hits. */
class TenantIsolationTest {

    @TempDir
    Path dir;

    @Test
    void searchesNeverCrossTenants() {
        HashingEmbedder embedder = new HashingEmbedder(64);
        try (IndexRegistry registry = new IndexRegistry(IndexSettings.defaults(dir, 64))) {
            Ingestor ingestor = new Ingestor(registry, embedder, new Chunker(ChunkingOptions.defaults()));
            LuceneRetriever retriever = new LuceneRetriever(registry, embedder, RetrieverSettings.defaults());
            for (String tenant : List.of("alpha", "beta")) {
                List<SourceDocument> docs = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    docs.add(new SourceDocument(
                            "doc-" + i,
                            "Shared title " + i,
                            "The same shared text about retrieval number " + i + ".",
                            Map.of("owner", tenant)));
                }
                docs.add(new SourceDocument(
                        "secret-" + tenant,
                        "Secret of " + tenant,
                        "Private plans of " + tenant + " about zeppelins.",
                        Map.of("owner", tenant)));
                ingestor.ingest(tenant, "shared", docs);
            }
            for (String tenant : List.of("alpha", "beta")) {
                String other = tenant.equals("alpha") ? "beta" : "alpha";
                for (SearchMode mode : SearchMode.values()) {
                    for (String q : List.of("shared retrieval", "zeppelins private plans", other, "secret " + other)) {
                        for (boolean grouped : new boolean[] {false, true}) {
                            List<SearchHit> hits = retriever
                                    .search(SearchRequest.builder(tenant, q)
                                            .collection("shared")
                                            .mode(mode)
                                            .k(100)
                                            .groupByDocument(grouped)
                                            .build())
                                    .hits();
                            if (q.startsWith("shared") || mode != SearchMode.BM25) {
                                assertThat(hits).as("%s %s %s", tenant, mode, q).isNotEmpty();
                            }
                            assertThat(hits).as("%s %s %s", tenant, mode, q).allSatisfy(h -> {
                                assertThat(h.metadata()).containsEntry("owner", tenant);
                                assertThat(h.documentId()).isNotEqualTo("secret-" + other);
                            });
                        }
                    }
                    // the same query without a collection filter is still confined to the tenant
                    assertThat(retriever
                                    .search(SearchRequest.builder(tenant, "zeppelins")
                                            .mode(mode)
                                            .k(100)
                                            .build())
                                    .hits())
                            .allSatisfy(h -> assertThat(h.metadata()).containsEntry("owner", tenant));
                }
            }
        }
    }
}
