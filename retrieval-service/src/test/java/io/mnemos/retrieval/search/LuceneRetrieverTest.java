package io.mnemos.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mnemos.retrieval.bench.HashingEmbedder;
import io.mnemos.retrieval.index.IndexRegistry;
import io.mnemos.retrieval.index.IndexSettings;
import io.mnemos.retrieval.ingest.Chunker;
import io.mnemos.retrieval.ingest.ChunkingOptions;
import io.mnemos.retrieval.ingest.Ingestor;
import io.mnemos.retrieval.ingest.SourceDocument;
import io.mnemos.search.Fusion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneRetrieverTest {

    @TempDir
    Path dir;

    IndexRegistry registry;
    Ingestor ingestor;
    LuceneRetriever retriever;

    @BeforeEach
    void setUp() {
        HashingEmbedder embedder = new HashingEmbedder(64);
        registry = new IndexRegistry(IndexSettings.defaults(dir, 64));
        ingestor = new Ingestor(registry, embedder, new Chunker(new ChunkingOptions(20, 1, true)));
        retriever = new LuceneRetriever(registry, embedder, RetrieverSettings.defaults());
        ingestor.ingest(
                "acme",
                "docs",
                List.of(
                        new SourceDocument(
                                "lucene",
                                "Lucene internals",
                                "Lucene stores vectors in an HNSW graph. Quantization shrinks each vector to bytes. "
                                        + "Segments are merged in the background. Searchers see a point-in-time view.",
                                Map.of("lang", "en", "kind", "guide")),
                        new SourceDocument(
                                "cooking",
                                "Pasta",
                                "Boil the pasta in salted water. Drain it and add the tomato sauce.",
                                Map.of("lang", "en", "kind", "recipe")),
                        new SourceDocument(
                                "kochen",
                                "Nudeln",
                                "Die Nudeln in Salzwasser kochen. Tomatensauce dazugeben.",
                                Map.of("lang", "de", "kind", "recipe"))));
        ingestor.ingest("acme", "notes", SourceDocument.of("memo", "Memo", "Remember the HNSW graph settings."));
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    SearchRequest.Builder req(String q) {
        return SearchRequest.builder("acme", q).collection("docs");
    }

    @Test
    void everyModeFindsTheRelevantDocumentFirst() {
        for (SearchMode mode : SearchMode.values()) {
            SearchResponse r =
                    retriever.search(req("pasta tomato sauce").mode(mode).build());
            assertThat(r.hits()).as(mode.name()).isNotEmpty();
            assertThat(r.hits().getFirst().documentId()).as(mode.name()).isEqualTo("cooking");
            assertThat(r.hits().getFirst().collection()).isEqualTo("docs");
            assertThat(r.hits().getFirst().metadata()).containsEntry("kind", "recipe");
        }
    }

    @Test
    void scoresAreDescendingAndKIsRespected() {
        SearchResponse r = retriever.search(
                req("vector graph pasta").k(2).mode(SearchMode.HYBRID).build());
        assertThat(r.hits()).hasSizeLessThanOrEqualTo(2);
        List<SearchHit> all =
                retriever.search(req("vector graph pasta").k(50).build()).hits();
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).score()).isLessThanOrEqualTo(all.get(i - 1).score());
        }
    }

    @Test
    void metadataAndCollectionFiltersApplyToAllModes() {
        for (SearchMode mode : SearchMode.values()) {
            List<SearchHit> de = retriever
                    .search(req("pasta nudeln tomato")
                            .mode(mode)
                            .filters(Map.of("lang", "de"))
                            .build())
                    .hits();
            assertThat(de).as(mode.name()).isNotEmpty().allMatch(h -> h.documentId()
                    .equals("kochen"));
            List<SearchHit> byDoc = retriever
                    .search(req("graph")
                            .mode(mode)
                            .filters(Map.of("documentId", "lucene"))
                            .build())
                    .hits();
            assertThat(byDoc).as(mode.name()).isNotEmpty().allMatch(h -> h.documentId()
                    .equals("lucene"));
            List<SearchHit> notes = retriever
                    .search(SearchRequest.builder("acme", "HNSW graph")
                            .collection("notes")
                            .mode(mode)
                            .build())
                    .hits();
            assertThat(notes).as(mode.name()).isNotEmpty().allMatch(h -> h.collection()
                    .equals("notes"));
        }
        List<SearchHit> allCollections = retriever
                .search(SearchRequest.builder("acme", "HNSW graph")
                        .mode(SearchMode.BM25)
                        .build())
                .hits();
        assertThat(allCollections).extracting(SearchHit::collection).contains("docs", "notes");
    }

    @Test
    void highlightsMarkQueryTermsAndExplainGivesRanks() {
        SearchResponse r = retriever.search(req("quantization vectors")
                .mode(SearchMode.HYBRID)
                .fusion(Fusion.rrf(60))
                .highlight(true)
                .explain(true)
                .build());
        SearchHit top = r.hits().getFirst();
        assertThat(top.documentId()).isEqualTo("lucene");
        assertThat(top.highlights()).isNotEmpty();
        assertThat(String.join(" ", top.highlights())).containsPattern("<b>[Qq]uantization</b>");
        assertThat(top.explanation()).isNotNull();
        assertThat(top.explanation().fusion()).isEqualTo("rrf(k=60)");
        assertThat(top.explanation().bm25Rank()).isEqualTo(1);
        assertThat(top.explanation().denseRank()).isNotNull();
        assertThat(top.score())
                .isCloseTo(
                        1.0 / (60 + top.explanation().bm25Rank())
                                + 1.0 / (60 + top.explanation().denseRank()),
                        org.assertj.core.data.Offset.offset(1e-9));

        SearchHit plain = retriever.search(req("quantization").build()).hits().getFirst();
        assertThat(plain.highlights()).isEmpty();
        assertThat(plain.explanation()).isNull();
    }

    @Test
    void groupingReturnsOneHitPerDocument() {
        List<SearchHit> chunks = retriever
                .search(req("lucene vectors graph segments searchers")
                        .k(20)
                        .mode(SearchMode.BM25)
                        .build())
                .hits();
        assertThat(chunks.stream().filter(h -> h.documentId().equals("lucene")).count())
                .isGreaterThan(1);
        for (SearchMode mode : SearchMode.values()) {
            List<SearchHit> docs = retriever
                    .search(req("lucene vectors graph segments searchers")
                            .k(20)
                            .mode(mode)
                            .groupByDocument(true)
                            .build())
                    .hits();
            assertThat(docs).extracting(SearchHit::documentId).doesNotHaveDuplicates();
        }
    }

    @Test
    void convexFusionScoresAreNormalisedWeightedSums() {
        SearchResponse r = retriever.search(
                req("pasta sauce").fusion(Fusion.convex(1.0)).explain(true).build());
        // alpha 1 = dense only: order equals the dense order
        List<String> dense = retriever
                .search(req("pasta sauce").mode(SearchMode.DENSE).build())
                .hits()
                .stream()
                .map(SearchHit::chunkId)
                .toList();
        assertThat(r.hits().getFirst().chunkId()).isEqualTo(dense.getFirst());
        assertThat(r.hits().getFirst().score()).isEqualTo(1.0);
        assertThat(r.hits().getFirst().explanation().fusion()).isEqualTo("convex(alpha=1.0)");
    }

    @Test
    void edgeCases() {
        assertThat(retriever.search(SearchRequest.of("nobody", "docs", "pasta")).hits())
                .isEmpty();
        assertThat(retriever.search(req("pasta").collection("missing").build()).hits())
                .isEmpty();
        // only stop words: no BM25 hits, dense still answers
        assertThat(retriever
                        .search(req("the of and").mode(SearchMode.BM25).build())
                        .hits())
                .isEmpty();
        assertThat(retriever
                        .search(req("the of and").mode(SearchMode.HYBRID).build())
                        .hits())
                .isNotEmpty();
        assertThatThrownBy(() -> req(" ").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> req("x").k(0).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> retriever.search(SearchRequest.of("bad/tenant", "docs", "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reingestReplacesAndDeleteRemoves() {
        ingestor.ingest("acme", "docs", SourceDocument.of("cooking", "Pasta", "Now about risotto only."));
        List<SearchHit> hits = retriever
                .search(req("risotto pasta sauce").mode(SearchMode.BM25).k(50).build())
                .hits();
        assertThat(hits.stream().filter(h -> h.documentId().equals("cooking")))
                .singleElement()
                .satisfies(h -> assertThat(h.text()).isEqualTo("Now about risotto only."));
        ingestor.delete("acme", "docs", "cooking");
        assertThat(retriever
                        .search(req("risotto").mode(SearchMode.BM25).build())
                        .hits())
                .isEmpty();
        ingestor.delete("nobody", "docs", "x"); // no-op
    }

    @Test
    void contextFieldLetsNeighbouringChunksMatchAndCanBeTurnedOff() {
        // "quantization" occurs only in lucene#0; lucene#1 matches through its context (neighbouring chunks)
        List<String> withContext =
                retriever.search(req("quantization").mode(SearchMode.BM25).k(20).build()).hits().stream()
                        .map(SearchHit::chunkId)
                        .toList();
        assertThat(withContext).containsExactly("lucene#0", "lucene#1");
        LuceneRetriever noContext = new LuceneRetriever(
                registry, new HashingEmbedder(64), RetrieverSettings.defaults().withContextWeight(0));
        assertThat(noContext
                        .search(req("quantization").mode(SearchMode.BM25).k(20).build())
                        .hits())
                .extracting(SearchHit::chunkId)
                .containsExactly("lucene#0");
    }

    @Test
    void titleWeightZeroStopsTitleOnlyMatches() {
        // "internals" occurs only in the title of "lucene"
        assertThat(retriever
                        .search(req("internals").mode(SearchMode.BM25).build())
                        .hits())
                .extracting(SearchHit::documentId)
                .containsOnly("lucene");
        LuceneRetriever noTitle = new LuceneRetriever(
                registry, new HashingEmbedder(64), RetrieverSettings.defaults().withTitleWeight(0));
        assertThat(noTitle.search(req("internals").mode(SearchMode.BM25).build())
                        .hits())
                .isEmpty();
        assertThatThrownBy(() -> RetrieverSettings.defaults().withTitleWeight(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requestFusionVariantsAreAppliedAndExplained() {
        for (Fusion f :
                List.of(Fusion.convex(0.5, Fusion.Normalization.Z_SCORE), Fusion.rrf(10, 1, 2), Fusion.convex(0.5))) {
            List<SearchHit> hits = retriever
                    .search(req("pasta tomato sauce").fusion(f).explain(true).build())
                    .hits();
            assertThat(hits.getFirst().documentId()).as(f.describe()).isEqualTo("cooking");
            assertThat(hits.getFirst().explanation().fusion()).isEqualTo(f.describe());
            assertThat(hits).extracting(SearchHit::score).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        }
    }

    @Test
    void highlightEscapesHtml() {
        ingestor.ingest("acme", "docs", SourceDocument.of("html", "", "A <script>alert</script> tag and zebra."));
        SearchHit h = retriever
                .search(req("zebra").highlight(true).mode(SearchMode.BM25).build())
                .hits()
                .getFirst();
        assertThat(h.highlights().getFirst()).contains("&lt;script&gt;").contains("<b>zebra</b>");
    }
}
