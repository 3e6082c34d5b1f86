package io.mnemos.retrieval.collection;

import io.mnemos.model.CachingEmbedder;
import io.mnemos.model.Embedder;
import io.mnemos.model.MiniLmEmbedder;
import io.mnemos.retrieval.index.IndexRegistry;
import io.mnemos.retrieval.index.IndexSettings;
import io.mnemos.retrieval.ingest.Chunker;
import io.mnemos.retrieval.ingest.ChunkingOptions;
import io.mnemos.retrieval.ingest.DocumentParser;
import io.mnemos.retrieval.ingest.Ingestor;
import io.mnemos.retrieval.search.LuceneRetriever;
import io.mnemos.retrieval.search.RetrieverSettings;
import io.mnemos.search.Fusion;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Spring wiring of the retrieval core ({@code ingest}, {@code index}, {@code search}) from {@link RetrievalProperties}.
 * Nothing heavy happens at startup: the embedding model loads on the first embedding, a tenant's index opens on its
 * first read or write.
 */
@Configuration(proxyBeanMethods = false)
class RetrievalConfiguration {
    private static final Logger log = LoggerFactory.getLogger(RetrievalConfiguration.class);

    /** The int8 all-MiniLM-L6-v2, shared by ingestion and search; loads on first use. */
    @Bean(destroyMethod = "close")
    MiniLmEmbedder embedder(RetrievalProperties props) {
        RetrievalProperties.Embedding e = props.embedding();
        return new MiniLmEmbedder(MiniLmEmbedder.Config.defaults()
                .withMaxInputTokens(e.maxInputTokens())
                .withBatchSize(e.batchSize()));
    }

    @Bean(destroyMethod = "close")
    IndexRegistry indexRegistry(
            RetrievalProperties props, @Value("${mnemos.data-dir:.data/retrieval-service}") Path dataDir) {
        RetrievalProperties.Index i = props.index();
        Path dir = i.dir() != null ? i.dir() : dataDir.resolve("index");
        IndexSettings defaults = IndexSettings.defaults(dir.toAbsolutePath(), MiniLmEmbedder.DIMENSION);
        IndexSettings settings = new IndexSettings(
                defaults.dataDir(),
                defaults.dimension(),
                i.quantization(),
                defaults.hnswMaxConn(),
                defaults.hnswBeamWidth(),
                defaults.bm25K1(),
                defaults.bm25B(),
                defaults.analysis(),
                true, // searchable before the ingest call returns
                i.refreshInterval(),
                true, // durable (fsync) commit before the ingest call returns
                i.idleTimeout(),
                i.ramBuffer().toBytes() / (1024.0 * 1024.0));
        log.info("tenant indexes under {} ({} vectors); opened on first use", settings.dataDir(), i.quantization());
        return new IndexRegistry(settings);
    }

    @Bean
    DocumentParser documentParser(RetrievalProperties props) {
        // one character more than allowed, so "too long" is told apart from "exactly at the limit"
        return new DocumentParser(props.limits().maxDocumentChars() + 1);
    }

    @Bean
    Chunker chunker(RetrievalProperties props) {
        RetrievalProperties.Chunking c = props.chunking();
        return new Chunker(new ChunkingOptions(c.maxWords(), c.overlapSentences(), c.titleInEmbedding()));
    }

    @Bean
    Ingestor ingestor(IndexRegistry registry, MiniLmEmbedder embedder, Chunker chunker, RetrievalProperties props) {
        return new Ingestor(registry, embedder, chunker, props.chunking().contextChunks());
    }

    /**
     * Hybrid/BM25/dense search over the index, where collections are keyed by id; query vectors are cached (a query's
     * vector never changes). {@link CollectionService} uses it after resolving the collection name.
     */
    @Bean
    LuceneRetriever luceneRetriever(IndexRegistry registry, MiniLmEmbedder embedder, RetrievalProperties props) {
        RetrievalProperties.Search s = props.search();
        Embedder queries = props.embedding().queryCacheSize() > 0
                ? new CachingEmbedder(embedder, props.embedding().queryCacheSize())
                : embedder;
        RetrieverSettings settings = RetrieverSettings.defaults()
                .withCandidateDepth(s.candidateDepth())
                .withDefaultFusion(defaultFusion(s));
        return new LuceneRetriever(registry, queries, settings);
    }

    /** The retriever for everyone else: collections by name (see {@link CollectionRetriever}). */
    @Bean
    @Primary
    CollectionRetriever retriever(LuceneRetriever luceneRetriever, CollectionStore store) {
        return new CollectionRetriever(luceneRetriever, store);
    }

    static Fusion defaultFusion(RetrievalProperties.Search s) {
        return switch (s.fusion()) {
            case CONVEX -> Fusion.convex(s.alpha());
            case RRF -> Fusion.rrf(s.rrfK());
        };
    }
}
