package io.mnemos.retrieval.index;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * How the HNSW graph stores and compares vectors. Every option also keeps the float32 vectors on disk (for merges and
 * optional full-precision rescoring), so quantization saves memory that must be hot (the quantized copy and graph),
 * not disk.
 */
public enum VectorQuantization {
    /** float32 HNSW, no quantization (baseline). */
    FLOAT32(32),
    /** int8 scalar quantization (default): 4x smaller hot set, recall as float32 on MiniLM vectors. */
    INT8(8),
    /** int4 (packed nibbles): 8x smaller, loses some recall. */
    INT4(4),
    /** 1-bit documents with 4-bit queries: 32x smaller, needs oversampling + rescoring to be usable. */
    BIT1(1);

    private final int bits;

    VectorQuantization(int bits) {
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }

    /** The Lucene vectors format for this quantization. */
    public KnnVectorsFormat format(int maxConn, int beamWidth) {
        return switch (this) {
            case FLOAT32 -> new Lucene99HnswVectorsFormat(maxConn, beamWidth);
            case INT8 ->
                new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.UNSIGNED_BYTE, maxConn, beamWidth);
            case INT4 ->
                new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.PACKED_NIBBLE, maxConn, beamWidth);
            case BIT1 ->
                new Lucene104HnswScalarQuantizedVectorsFormat(
                        ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE, maxConn, beamWidth);
        };
    }
}
