package io.mnemos.retrieval.index;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the per-tenant Lucene indexes.
 *
 * @param dataDir root folder; tenant {@code t} lives in {@code dataDir/tenants/t}
 * @param dimension vector length (384 for all-MiniLM-L6-v2)
 * @param quantization HNSW vector quantization (default {@link VectorQuantization#INT8}, chosen by measurement: see
 *     docs/benchmarks/retrieval.md)
 * @param hnswMaxConn HNSW neighbours per node (M, default 16)
 * @param hnswBeamWidth HNSW construction beam (default 100)
 * @param bm25K1 BM25 term-frequency saturation (default 0.9)
 * @param bm25B BM25 length normalisation (default 0.4)
 * @param analysis analyzer for title and text
 * @param refreshAfterIngest make an ingested batch searchable before the ingest call returns (default true)
 * @param refreshInterval background NRT refresh period for writes not refreshed on ingest; zero = none
 * @param commitOnIngest fsync-commit after every ingest batch / delete (default true; the index also commits on close)
 * @param idleTimeout close a tenant's index after this long unused; zero = never
 * @param ramBufferMb IndexWriter RAM buffer before a flush
 */
public record IndexSettings(
        Path dataDir,
        int dimension,
        VectorQuantization quantization,
        int hnswMaxConn,
        int hnswBeamWidth,
        float bm25K1,
        float bm25B,
        TextAnalysis analysis,
        boolean refreshAfterIngest,
        Duration refreshInterval,
        boolean commitOnIngest,
        Duration idleTimeout,
        double ramBufferMb) {

    public static final float DEFAULT_K1 = 0.9f;
    public static final float DEFAULT_B = 0.4f;

    public IndexSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(quantization, "quantization");
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(refreshInterval, "refreshInterval");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (dimension <= 0 || dimension > 4096) {
            throw new IllegalArgumentException("dimension out of range: " + dimension);
        }
        if (hnswMaxConn < 2 || hnswBeamWidth < 2) {
            throw new IllegalArgumentException("HNSW parameters too small");
        }
        if (bm25K1 < 0 || bm25B < 0 || bm25B > 1) {
            throw new IllegalArgumentException("BM25 parameters out of range");
        }
    }

    /** Defaults for a data folder and vector dimension. */
    public static IndexSettings defaults(Path dataDir, int dimension) {
        return new IndexSettings(
                dataDir,
                dimension,
                VectorQuantization.INT8,
                16,
                100,
                DEFAULT_K1,
                DEFAULT_B,
                TextAnalysis.ENGLISH,
                true,
                Duration.ofSeconds(1),
                true,
                Duration.ofMinutes(10),
                64);
    }

    public IndexSettings withQuantization(VectorQuantization q) {
        return new IndexSettings(
                dataDir,
                dimension,
                q,
                hnswMaxConn,
                hnswBeamWidth,
                bm25K1,
                bm25B,
                analysis,
                refreshAfterIngest,
                refreshInterval,
                commitOnIngest,
                idleTimeout,
                ramBufferMb);
    }

    public IndexSettings withBm25(float k1, float b) {
        return new IndexSettings(
                dataDir,
                dimension,
                quantization,
                hnswMaxConn,
                hnswBeamWidth,
                k1,
                b,
                analysis,
                refreshAfterIngest,
                refreshInterval,
                commitOnIngest,
                idleTimeout,
                ramBufferMb);
    }

    public IndexSettings withAnalysis(TextAnalysis a) {
        return new IndexSettings(
                dataDir,
                dimension,
                quantization,
                hnswMaxConn,
                hnswBeamWidth,
                bm25K1,
                bm25B,
                a,
                refreshAfterIngest,
                refreshInterval,
                commitOnIngest,
                idleTimeout,
                ramBufferMb);
    }

    public IndexSettings withIdleTimeout(Duration d) {
        return new IndexSettings(
                dataDir,
                dimension,
                quantization,
                hnswMaxConn,
                hnswBeamWidth,
                bm25K1,
                bm25B,
                analysis,
                refreshAfterIngest,
                refreshInterval,
                commitOnIngest,
                d,
                ramBufferMb);
    }

    /** Bulk loading: no refresh or commit per batch (call {@link TenantIndex#commit()} at the end), bigger buffer. */
    public IndexSettings forBulkLoad(double ramBufferMb) {
        return new IndexSettings(
                dataDir,
                dimension,
                quantization,
                hnswMaxConn,
                hnswBeamWidth,
                bm25K1,
                bm25B,
                analysis,
                false,
                Duration.ZERO,
                false,
                idleTimeout,
                ramBufferMb);
    }
}
