package io.mnemos.retrieval.collection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The meters of collections, ingestion and search (Prometheus names in brackets).
 *
 * <ul>
 *   <li>{@code mnemos.retrieval.ingested.documents{source}} [{@code mnemos_retrieval_ingested_documents_total}] and
 *       {@code mnemos.retrieval.ingested.chunks{source}} [{@code mnemos_retrieval_ingested_chunks_total}]: committed
 *       documents and chunks; {@code source} = {@code http|upload|bulk|kafka}.
 *   <li>{@code mnemos.retrieval.ingest.failures{reason}}: ingestions refused or failed after validation.
 *   <li>{@code mnemos.retrieval.embed} / {@code mnemos.retrieval.index.write} [{@code _seconds}]: embedding and index
 *       write time per ingested batch.
 *   <li>{@code mnemos.retrieval.search{mode}} [{@code mnemos_retrieval_search_seconds}]: search latency per mode
 *       (query embedding included), with percentiles histogram.
 * </ul>
 */
@Component
public class RetrievalMetrics {
    private final MeterRegistry registry;
    private final Timer embed;
    private final Timer indexWrite;

    public RetrievalMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.embed = Timer.builder("mnemos.retrieval.embed")
                .description("Embedding time per ingested batch")
                .register(registry);
        this.indexWrite = Timer.builder("mnemos.retrieval.index.write")
                .description("Index write, commit and refresh time per ingested batch")
                .register(registry);
    }

    void ingested(String source, int documents, int chunks, long embedMillis, long indexMillis) {
        counter("mnemos.retrieval.ingested.documents", "Documents indexed and committed", source)
                .increment(documents);
        counter("mnemos.retrieval.ingested.chunks", "Chunks indexed and committed", source)
                .increment(chunks);
        embed.record(Duration.ofMillis(embedMillis));
        indexWrite.record(Duration.ofMillis(indexMillis));
    }

    void ingestFailed(String reason) {
        Counter.builder("mnemos.retrieval.ingest.failures")
                .tag("reason", reason)
                .description("Ingestions that failed after validation")
                .register(registry)
                .increment();
    }

    void searched(String mode, long micros) {
        Timer.builder("mnemos.retrieval.search")
                .tag("mode", mode)
                .description("Search latency per mode, query embedding included")
                .publishPercentileHistogram()
                .register(registry)
                .record(Duration.ofNanos(micros * 1000));
    }

    private Counter counter(String name, String description, String source) {
        return Counter.builder(name)
                .tag("source", source)
                .description(description)
                .register(registry);
    }

    /** Documents ingested so far from a source (tests). */
    public double ingestedDocuments(String source) {
        Counter c = registry.find("mnemos.retrieval.ingested.documents")
                .tag("source", source)
                .counter();
        return c == null ? 0 : c.count();
    }
}
