package io.mnemos.retrieval.collection;

import io.mnemos.retrieval.index.VectorQuantization;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of collections, ingestion and search ({@code mnemos.retrieval.*}).
 *
 * @param index     the per-tenant Lucene indexes
 * @param chunking  how documents are cut into chunks
 * @param embedding the int8 MiniLM embedder (loaded on first use)
 * @param search    search defaults and fusion
 * @param limits    input limits (violations are 400 or 413 problems)
 * @param bulk      NDJSON bulk ingestion jobs
 */
@Validated
@ConfigurationProperties("mnemos.retrieval")
public record RetrievalProperties(
        @DefaultValue @Valid @NotNull Index index,
        @DefaultValue @Valid @NotNull Chunking chunking,
        @DefaultValue @Valid @NotNull Embedding embedding,
        @DefaultValue @Valid @NotNull Search search,
        @DefaultValue @Valid @NotNull Limits limits,
        @DefaultValue @Valid @NotNull Bulk bulk) {

    /**
     * The Lucene indexes (one per tenant, opened on first use).
     *
     * @param dir             folder of the indexes; default {@code ${mnemos.data-dir}/index}
     * @param quantization    HNSW vector quantization: {@code INT8} (default, chosen by measurement), {@code INT4},
     *                        {@code BIT1} or {@code FLOAT32}; changing it applies to newly written segments only
     * @param refreshInterval background near-real-time refresh (ingest refreshes on its own before it returns)
     * @param idleTimeout     a tenant's index is committed and closed after this long unused
     * @param ramBuffer       IndexWriter buffer per open tenant index
     */
    public record Index(
            @Nullable Path dir,
            @DefaultValue("INT8") @NotNull VectorQuantization quantization,
            @DefaultValue("1s") @NotNull Duration refreshInterval,
            @DefaultValue("10m") @NotNull Duration idleTimeout,
            @DefaultValue("32MB") @NotNull DataSize ramBuffer) {}

    /**
     * Chunking (see {@code io.mnemos.retrieval.ingest.Chunker}).
     *
     * @param maxWords         most words of body text per chunk (whole sentences)
     * @param overlapSentences sentences repeated at the start of the next chunk
     * @param titleInEmbedding embed "title\ntext" rather than the text alone
     * @param contextChunks    neighbouring chunks on each side indexed in the BM25-only context field
     */
    public record Chunking(
            @DefaultValue("90") @Min(8) @Max(1000) int maxWords,
            @DefaultValue("1") @Min(0) @Max(10) int overlapSentences,
            @DefaultValue("true") boolean titleInEmbedding,
            @DefaultValue("2") @Min(0) @Max(10) int contextChunks) {}

    /**
     * The embedding model.
     *
     * @param maxInputTokens  word pieces read per text, special tokens included (the model was trained on 256)
     * @param batchSize       texts per ONNX Runtime call
     * @param queryCacheSize  query texts whose vectors are cached (repeated searches skip the model)
     */
    public record Embedding(
            @DefaultValue("256") @Min(16) @Max(512) int maxInputTokens,
            @DefaultValue("32") @Min(1) @Max(1024) int batchSize,
            @DefaultValue("10000") @Min(0) long queryCacheSize) {}

    /**
     * Search defaults.
     *
     * @param defaultK       hits when the request gives no {@code k}
     * @param maxK           largest {@code k} accepted
     * @param candidateDepth candidates fetched per mode before fusion
     * @param fusion         default fusion of hybrid search: {@code convex} (default, measured best on SciFact) or
     *                       {@code rrf}
     * @param alpha          default weight of the dense score in convex fusion
     * @param rrfK           default rank constant of reciprocal-rank fusion
     */
    public record Search(
            @DefaultValue("10") @Min(1) @Max(1000) int defaultK,
            @DefaultValue("100") @Min(1) @Max(1000) int maxK,
            @DefaultValue("100") @Min(1) @Max(10000) int candidateDepth,
            @DefaultValue("convex") @NotNull FusionMethod fusion,
            @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0") double alpha,
            @DefaultValue("60") @Min(1) @Max(10000) int rrfK) {}

    /**
     * Input limits.
     *
     * @param maxQueryChars          longest search query
     * @param maxDocumentChars       longest document body text (JSON, NDJSON, Kafka, and text extracted from files);
     *                               longer ones get 413
     * @param maxFileSize            largest uploaded file (keep {@code spring.servlet.multipart.max-file-size} at or
     *                               above it); larger ones get 413
     * @param maxDocumentsPerRequest documents in one JSON request or multipart upload (use NDJSON bulk for more)
     * @param maxBulkDocuments       documents in one NDJSON bulk request
     * @param maxTitleChars          longest title
     * @param maxMetadataEntries     metadata entries per document
     * @param maxMetadataValueChars  longest metadata value
     * @param maxFilters             filters per search
     */
    public record Limits(
            @DefaultValue("1000") @Min(1) @Max(100_000) int maxQueryChars,
            @DefaultValue("2000000") @Min(1) int maxDocumentChars,
            @DefaultValue("10MB") @NotNull DataSize maxFileSize,
            @DefaultValue("256") @Min(1) @Max(10_000) int maxDocumentsPerRequest,
            @DefaultValue("100000") @Min(1) int maxBulkDocuments,
            @DefaultValue("1000") @Min(1) int maxTitleChars,
            @DefaultValue("32") @Min(0) int maxMetadataEntries,
            @DefaultValue("256") @Min(1) int maxMetadataValueChars,
            @DefaultValue("16") @Min(0) int maxFilters) {}

    /**
     * NDJSON bulk ingestion jobs.
     *
     * @param batchSize          documents embedded and committed together (progress advances per batch)
     * @param maxReportedErrors  failed documents listed on the job resource
     */
    public record Bulk(
            @DefaultValue("32") @Min(1) @Max(1000) int batchSize,
            @DefaultValue("100") @Min(0) @Max(10_000) int maxReportedErrors) {}

    /** Fusion methods of hybrid search. */
    public enum FusionMethod {
        CONVEX,
        RRF
    }
}
