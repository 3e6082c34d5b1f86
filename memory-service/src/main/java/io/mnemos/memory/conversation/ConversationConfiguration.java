package io.mnemos.memory.conversation;

import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.model.Embedder;
import io.mnemos.model.MiniLmEmbedder;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires conversation search, import, erasure and the index. */
@Configuration(proxyBeanMethods = false)
class ConversationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConversationConfiguration.class);

    /**
     * The service's embedder if one is defined (profile memory shares the model), otherwise our own int8 MiniLM: one
     * model per process either way, loaded on first use.
     */
    private static Embedder embedder(ObjectProvider<Embedder> embedders) {
        return embedders.getIfUnique(() -> {
            log.info("no Embedder bean: conversation memory uses its own int8 MiniLM (loaded on first use)");
            return SharedMiniLm.INSTANCE;
        });
    }

    /** Lazily created fallback model, never a bean (so it cannot clash with another module's Embedder bean). */
    private static final class SharedMiniLm {
        static final MiniLmEmbedder INSTANCE = new MiniLmEmbedder();
    }

    @Bean(destroyMethod = "close")
    ConversationIndex conversationIndex(
            ConversationProperties props,
            ObjectProvider<Embedder> embedders,
            @Value("${mnemos.data-dir:.data/memory-service}") Path dataDir) {
        Path dir = props.indexDir() != null ? props.indexDir() : dataDir.resolve("conversation-index");
        return new ConversationIndex(
                dir, props.indexSettings(embedder(embedders).dimension()));
    }

    @Bean
    ConversationIndexer conversationIndexer(
            ConversationIndex index,
            ConversationStore store,
            ObjectProvider<Embedder> embedders,
            ConversationProperties props,
            PlatformTransactionManager txManager) {
        TransactionTemplate readOnly = new TransactionTemplate(txManager);
        readOnly.setReadOnly(true);
        return new ConversationIndexer(index, store, embedder(embedders), props.contextTurns(), readOnly);
    }

    @Bean
    ConversationImporter conversationImporter(
            ConversationStore store,
            ConversationIndexer indexer,
            PlatformTransactionManager txManager,
            ConversationProperties props,
            ObjectProvider<MeterRegistry> meters) {
        return new ConversationImporter(
                store, indexer, new TransactionTemplate(txManager), props, meters.getIfAvailable());
    }

    @Bean
    ConversationSearch conversationSearch(
            ConversationIndex index, ObjectProvider<Embedder> embedders, ObjectProvider<MeterRegistry> meters) {
        return new ConversationSearch(index, embedder(embedders), meters.getIfAvailable());
    }

    @Bean
    ConversationEraser conversationEraser(ConversationStore store, ConversationIndex index) {
        return new ConversationEraser(store, index);
    }

    @Bean
    ConversationIndexStartup conversationIndexStartup(
            ConversationIndexer indexer, ConversationStore store, ConversationProperties props) {
        return new ConversationIndexStartup(indexer, store, props.rebuildOnStartup());
    }
}
