package io.mnemos.retrieval.index;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;

/**
 * Lucene's default codec with the chosen (quantized) HNSW format on every vector field.
 *
 * <p>It keeps the default codec's name: the per-field vectors format name is recorded in each segment and resolved by
 * SPI on read, so an index written with any {@link VectorQuantization} opens with the default codec and segments with
 * different quantizations can coexist (merges rewrite them with the writer's current format).
 */
public final class MnemosCodec {
    private MnemosCodec() {}

    public static Codec create(VectorQuantization quantization, int maxConn, int beamWidth) {
        KnnVectorsFormat format = quantization.format(maxConn, beamWidth);
        return new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }
}
