package io.mnemos.retrieval.corpusstats.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A shard whose token array and suffix array are memory-mapped little-endian files with 1–4 bytes per value. Values
 * are read as an unaligned 4-byte load masked to the width; the files carry {@link IndexFiles#PAD} trailing bytes so
 * the load never runs past the end.
 */
public final class MappedShard extends Shard {

    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment tokens;
    private final MemorySegment sa;
    private final int tokenWidth;
    private final int tokenMask;
    private final int pointerWidth;
    private final int pointerMask;
    private final long bytes;

    MappedShard(
            int length,
            int[] docStarts,
            MemorySegment tokens,
            int tokenWidth,
            MemorySegment sa,
            int pointerWidth,
            long bytes) {
        super(length, docStarts);
        this.tokens = tokens;
        this.sa = sa;
        this.tokenWidth = tokenWidth;
        this.tokenMask = mask(tokenWidth);
        this.pointerWidth = pointerWidth;
        this.pointerMask = mask(pointerWidth);
        this.bytes = bytes;
    }

    static int mask(int width) {
        return width == 4 ? -1 : (1 << (8 * width)) - 1;
    }

    @Override
    public int token(int pos) {
        return tokens.get(LE_INT, (long) pos * tokenWidth) & tokenMask;
    }

    @Override
    public int suffix(int rank) {
        return sa.get(LE_INT, (long) rank * pointerWidth) & pointerMask;
    }

    @Override
    public void suffixes(int lo, int hi, int[] dst, int off) {
        long at = (long) lo * pointerWidth;
        int w = pointerWidth;
        int m = pointerMask;
        MemorySegment s = sa;
        for (int r = lo; r < hi; r++, at += w) {
            dst[off++] = s.get(LE_INT, at) & m;
        }
    }

    @Override
    public long bytesOnDisk() {
        return bytes;
    }

    @Override
    public int tokenWidth() {
        return tokenWidth;
    }

    @Override
    public int pointerWidth() {
        return pointerWidth;
    }
}
